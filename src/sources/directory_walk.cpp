#include "sources/directory_walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace nts::sources {
namespace {

std::string unreadable(int error) {
  return std::string("cannot read directory: ") + std::strerror(error) +
         "; check its permissions, or exclude it";
}

// The entry's type from readdir, or from lstat when the file system does not
// say (d_type DT_UNKNOWN); 0 when even lstat fails (errno set).
mode_t entry_type(int dir_fd, const dirent& entry) {
  switch (entry.d_type) {
    case DT_DIR:
      return S_IFDIR;
    case DT_REG:
      return S_IFREG;
    case DT_LNK:
      return S_IFLNK;
    case DT_UNKNOWN:
      break;
    default:
      return S_IFIFO;  // FIFO, socket or device: all skipped with the same note
  }
  struct stat info {};
  if (::fstatat(dir_fd, entry.d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
    return 0;
  }
  return info.st_mode & S_IFMT;
}

// Reads one directory (`relative` is "" for the root, else "a/b/"): files go
// to `on_file`, subdirectories to `pending`. One descriptor open at a time,
// however deep the tree.
void read_directory(int root_fd, const std::string& relative,
                    const std::function<void(std::string)>& on_file,
                    std::vector<std::string>& pending, std::vector<core::ScanIssue>& issues,
                    const WalkFilter& take) {
  const char* open_path = relative.empty() ? "." : relative.c_str();
  int fd = ::openat(root_fd, open_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR* dir = fd >= 0 ? ::fdopendir(fd) : nullptr;
  std::string shown = relative.empty() ? "." : relative.substr(0, relative.size() - 1);
  if (dir == nullptr) {
    int error = errno;
    if (fd >= 0) {
      ::close(fd);
    }
    issues.push_back({core::ScanIssue::Kind::error, shown, 0, unreadable(error)});
    return;
  }
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(dir);
    if (entry == nullptr) {
      if (errno != 0) {
        issues.push_back({core::ScanIssue::Kind::error, shown, 0, unreadable(errno)});
      }
      break;
    }
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    std::string path = relative + entry->d_name;
    mode_t type = entry_type(::dirfd(dir), *entry);
    if (type == 0) {
      issues.push_back({core::ScanIssue::Kind::error, path, 0,
                        std::string("cannot stat: ") + std::strerror(errno)});
    } else if (type == S_IFDIR) {
      if (name == ".git" || (take && !take(path + '/'))) {
        continue;
      }
      // Entering needs read and search permission; without them say so here,
      // where a silent skip would pass for a clean folder.
      if (::faccessat(::dirfd(dir), entry->d_name, R_OK | X_OK, 0) != 0) {
        issues.push_back({core::ScanIssue::Kind::error, path, 0, unreadable(errno)});
        continue;
      }
      pending.push_back(path + '/');
    } else if (type == S_IFLNK || (take && !take(path))) {
      continue;
    } else if (type == S_IFREG) {
      if (name != ".git") {  // a worktree's or submodule's .git file
        on_file(std::move(path));
      }
    } else {
      issues.push_back({core::ScanIssue::Kind::note, path, 0,
                        "not a regular file (FIFO, socket or device); skipped"});
    }
  }
  ::closedir(dir);
}

}  // namespace

void walk_directory(const std::string& root, const std::function<void(std::string)>& on_file,
                    std::vector<core::ScanIssue>& issues, const WalkFilter& take) {
  int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) {
    issues.push_back({core::ScanIssue::Kind::error, ".", 0, unreadable(errno)});
    return;
  }
  std::vector<std::string> pending{""};
  while (!pending.empty()) {
    std::string relative = std::move(pending.back());
    pending.pop_back();
    read_directory(root_fd, relative, on_file, pending, issues, take);
  }
  ::close(root_fd);
}

}  // namespace nts::sources
