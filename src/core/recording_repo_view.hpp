#pragma once

#include <functional>
#include <mutex>
#include <set>

#include "core/repo_view.hpp"

namespace nts::core {

// A RepoView that remembers every path it was asked to read or size, found
// or not: the files an analysis depends on. A staged or range scan holds the
// change against this set to know whether the analysis' outcome can differ,
// and a test holds analysis_reads() to it.
class RecordingRepoView final : public RepoView {
 public:
  explicit RecordingRepoView(const RepoView& inner) : m_inner(inner) {}
  const std::vector<std::string>& paths() const override { return m_inner.paths(); }
  std::optional<std::string> read(std::string_view path) const override;
  std::optional<std::uint64_t> size(std::string_view path) const override;
  std::optional<std::string> remote_url() const override { return m_inner.remote_url(); }
  std::optional<std::string> content_id(std::string_view path) const override {
    return m_inner.content_id(path);
  }
  // Every path read or sized so far, sorted.
  std::set<std::string, std::less<>> read_paths() const;
  bool was_read(std::string_view path) const;

 private:
  void record(std::string_view path) const;
  const RepoView& m_inner;
  mutable std::mutex m_mutex;
  mutable std::set<std::string, std::less<>> m_read;
};

}  // namespace nts::core
