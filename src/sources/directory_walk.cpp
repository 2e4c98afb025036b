#include "sources/directory_walk.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace nts::sources {

std::vector<std::string> walk_directory(const std::string& root,
                                        std::vector<core::ScanIssue>& issues) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    issues.push_back(
        {core::ScanIssue::Kind::error, ".", 0, "cannot read directory: " + ec.message()});
    return files;
  }
  for (fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      issues.push_back(
          {core::ScanIssue::Kind::error, "", 0, "cannot read directory: " + ec.message()});
      ec.clear();
      continue;
    }
    const fs::path& path = it->path();
    // Lexical: the iterator's paths all start with root, and fs::relative
    // would resolve every component with realpath (15% of a scan's time).
    std::string relative = path.lexically_relative(root).generic_string();
    if (relative.empty()) {
      continue;
    }
    auto status = it->symlink_status(ec);
    if (ec) {
      issues.push_back({core::ScanIssue::Kind::error, relative, 0, "cannot stat: " + ec.message()});
      ec.clear();
      continue;
    }
    if (fs::is_directory(status)) {
      if (path.filename() == ".git") {
        it.disable_recursion_pending();
      } else if (::access(path.c_str(), R_OK | X_OK) != 0) {
        // skip_permission_denied would pass over it in silence.
        issues.push_back({core::ScanIssue::Kind::error, relative, 0,
                          std::string("cannot read directory: ") + std::strerror(errno) +
                              "; check its permissions, or exclude it"});
        it.disable_recursion_pending();
      }
      continue;
    }
    if (fs::is_symlink(status)) {
      continue;
    }
    if (!fs::is_regular_file(status)) {
      issues.push_back({core::ScanIssue::Kind::note, relative, 0,
                        "not a regular file (FIFO, socket or device); skipped"});
      continue;
    }
    if (path.filename() == ".git") {
      continue;  // a worktree's or submodule's .git file
    }
    files.push_back(std::move(relative));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace nts::sources
