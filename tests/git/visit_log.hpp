#pragma once

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "git/blob_source.hpp"

namespace nts::test {

// What a source handed to the visitor, copied (content is only valid during
// the call), collected from however many threads call it.
struct Visit {
  git::BlobToScan blob;
  std::string content;
};

class VisitLog {
 public:
  git::BlobVisitor visitor() {
    return [this](const git::BlobToScan& blob) {
      std::lock_guard lock(m_mutex);
      m_visits.push_back({blob, std::string(blob.content)});
      m_visits.back().blob.content = {};
    };
  }
  // Every visit whose content contains `needle`.
  std::vector<Visit> containing(const std::string& needle) const {
    std::vector<Visit> out;
    std::copy_if(
        m_visits.begin(), m_visits.end(), std::back_inserter(out),
        [&](const Visit& visit) { return visit.content.find(needle) != std::string::npos; });
    return out;
  }
  std::vector<std::string> paths() const {
    std::vector<std::string> out;
    for (const Visit& visit : m_visits) {
      out.push_back(visit.blob.path);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  const std::vector<Visit>& all() const { return m_visits; }

 private:
  std::mutex m_mutex;
  std::vector<Visit> m_visits;
};

inline bool has_issue(const std::vector<core::ScanIssue>& issues, core::ScanIssue::Kind kind,
                      const std::string& path, const std::string& fragment) {
  return std::any_of(issues.begin(), issues.end(), [&](const core::ScanIssue& issue) {
    return issue.kind == kind && issue.path == path &&
           issue.message.find(fragment) != std::string::npos;
  });
}

inline std::size_t count_errors(const std::vector<core::ScanIssue>& issues) {
  return static_cast<std::size_t>(std::count_if(
      issues.begin(), issues.end(),
      [](const core::ScanIssue& issue) { return issue.kind == core::ScanIssue::Kind::error; }));
}

}  // namespace nts::test
