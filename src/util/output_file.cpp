#include "util/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace nts::util {
namespace {

std::string write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return std::strerror(errno);
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// FIFOs and terminals are streams, not files a rename could replace.
std::string write_in_place(const std::string& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    return std::strerror(errno);
  }
  std::string error = write_all(fd, content);
  ::close(fd);
  return error;
}

}  // namespace

std::string write_output_file(const std::string& path, std::string_view content,
                              unsigned permissions) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0) {
    if (S_ISLNK(info.st_mode)) {
      return "is a symbolic link; refusing to write through it (remove the link or choose "
             "another output path)";
    }
    if (S_ISFIFO(info.st_mode) || S_ISCHR(info.st_mode)) {
      return write_in_place(path, content);
    }
    if (S_ISDIR(info.st_mode)) {
      return "is a directory";
    }
  }
  std::vector<char> temporary(path.begin(), path.end());
  for (char c : std::string_view(".npm-token-scan-XXXXXX")) {
    temporary.push_back(c);
  }
  temporary.push_back('\0');
  // mkstemp opens with O_CREAT | O_EXCL: it never reuses an existing name or link.
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    return std::strerror(errno);
  }
  // mkstemp makes the file 0600; an output gets what a plain create would
  // (permissions & ~umask).
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, static_cast<mode_t>(permissions) & ~mask);
  std::string error = write_all(fd, content);
  if (::close(fd) != 0 && error.empty()) {
    error = std::strerror(errno);
  }
  if (error.empty() && ::rename(temporary.data(), path.c_str()) != 0) {
    error = std::strerror(errno);
  }
  if (!error.empty()) {
    ::unlink(temporary.data());
  }
  return error;
}

}  // namespace nts::util
