#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "core/repo_view.hpp"
#include "core/scan_report.hpp"

namespace nts::scan {

// A RepoView over the files a work-tree scan reads, straight from disk. Like
// the scan, it never follows a symbolic link below the root (a tracked file or
// folder may have become a link out of the tree) and never reads a FIFO or
// device; each such path is noted (take_notes).
class DiskRepoView final : public core::RepoView {
 public:
  DiskRepoView(std::string root, std::vector<std::string> paths, std::optional<std::string> remote);
  const std::vector<std::string>& paths() const override { return m_paths; }
  std::optional<std::string> read(std::string_view path) const override;
  std::optional<std::uint64_t> size(std::string_view path) const override;
  std::optional<std::string> remote_url() const override { return m_remote; }
  // What read() refused or could not read, once per path.
  std::vector<core::ScanIssue> take_notes();

 private:
  std::string m_root;
  std::vector<std::string> m_paths;
  std::optional<std::string> m_remote;
  mutable std::mutex m_mutex;
  mutable std::vector<core::ScanIssue> m_notes;
};

}  // namespace nts::scan
