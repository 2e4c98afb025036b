#include "scan/disk_repo_view.hpp"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "sources/tree_file.hpp"
#include "util/file.hpp"

namespace nts::scan {
namespace {
constexpr std::size_t k_max_read = std::size_t{16} << 20;  // analyses read config files, not blobs
}

DiskRepoView::DiskRepoView(std::string root, std::vector<std::string> paths,
                           std::optional<std::string> remote)
    : m_root(std::move(root)), m_paths(std::move(paths)), m_remote(std::move(remote)) {
  // Paths are joined to the root as root + path: `scan DIR` (no trailing
  // slash) must not read DIR.github/... (every workflow "cannot be read").
  if (!m_root.empty() && m_root.back() != '/') {
    m_root += '/';
  }
  std::sort(m_paths.begin(), m_paths.end());
}

std::optional<std::string> DiskRepoView::read(std::string_view path) const {
  if (!std::binary_search(m_paths.begin(), m_paths.end(), path)) {
    return std::nullopt;  // only what the scan reads: never follow a path out of the tree
  }
  auto file = sources::TreeFile::open(m_root, path);
  if (file.status() != sources::TreeFile::Status::opened) {
    std::lock_guard lock(m_mutex);
    bool seen = std::any_of(m_notes.begin(), m_notes.end(),
                            [&](const core::ScanIssue& note) { return note.path == path; });
    if (!seen) {
      m_notes.push_back({file.status() == sources::TreeFile::Status::failed
                             ? core::ScanIssue::Kind::error
                             : core::ScanIssue::Kind::note,
                         std::string(path), 0, file.problem() + " (by the workflow analysis)"});
    }
    return std::nullopt;
  }
  return util::read_all(file.fd(), static_cast<std::size_t>(file.info().st_size), k_max_read);
}

std::vector<core::ScanIssue> DiskRepoView::take_notes() {
  std::lock_guard lock(m_mutex);
  return std::exchange(m_notes, {});
}

std::optional<std::uint64_t> DiskRepoView::size(std::string_view path) const {
  if (!std::binary_search(m_paths.begin(), m_paths.end(), path)) {
    return std::nullopt;
  }
  // Only a regular file: read() refuses symlinks and FIFOs, so size() does too.
  std::error_code ec;
  std::filesystem::path full = std::filesystem::path(m_root) / std::string(path);
  if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(full, ec))) {
    return std::nullopt;
  }
  auto size = std::filesystem::file_size(full, ec);
  if (ec) {
    return std::nullopt;
  }
  return size;
}

}  // namespace nts::scan
