#include "scan/disk_repo_view.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nts::scan {
namespace {
constexpr std::size_t k_max_read = std::size_t{16} << 20;  // analyses read config files, not blobs
}

DiskRepoView::DiskRepoView(std::string root, std::vector<std::string> paths,
                           std::optional<std::string> remote)
    : m_root(std::move(root)), m_paths(std::move(paths)), m_remote(std::move(remote)) {
  std::sort(m_paths.begin(), m_paths.end());
  if (!m_root.empty() && m_root.back() != '/') {
    m_root += '/';
  }
}

std::optional<std::string> DiskRepoView::read(std::string_view path) const {
  if (!std::binary_search(m_paths.begin(), m_paths.end(), path)) {
    return std::nullopt;  // only what the scan reads: never follow a path out of the tree
  }
  // A listed path may be a symbolic link (git tracks links), or sit under a
  // linked directory, pointing out of the repository: never read through one.
  std::error_code link_error;
  for (auto slash = path.find('/');; slash = path.find('/', slash + 1)) {
    auto prefix = m_root + std::string(path.substr(0, slash));
    auto status = std::filesystem::symlink_status(prefix, link_error);
    if (link_error || std::filesystem::is_symlink(status)) {
      return std::nullopt;
    }
    if (slash == std::string_view::npos) {
      break;
    }
  }
  std::ifstream in(m_root + std::string(path), std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  // Sized from the file, not to the limit: 16 MiB zero-filled per read of a
  // small workflow file was most of the analysis' time.
  std::error_code ec;
  auto size = std::filesystem::file_size(m_root + std::string(path), ec);
  std::string content;
  content.resize(ec ? k_max_read : std::min<std::size_t>(size, k_max_read));
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  return content;
}

}  // namespace nts::scan
