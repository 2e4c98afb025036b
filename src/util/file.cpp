#include "util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace nts::util {

ssize_t read_into(int fd, char* buffer, std::size_t want, std::size_t expected) {
  std::size_t got = 0;
  while (got < want && got < expected) {
    ssize_t n = ::read(fd, buffer + got, want - got);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    if (n == 0) {
      break;
    }
    got += static_cast<std::size_t>(n);
  }
  return static_cast<ssize_t>(got);
}

std::string read_all(int fd, std::size_t expected, std::size_t max_bytes, int* failed) {
  if (failed != nullptr) {
    *failed = 0;
  }
  const std::size_t limit = std::min(expected, max_bytes);
  // Sized from the file, not to the limit: a 16 MiB zero-filled buffer per
  // small file once was most of the workflow analysis' time.
  std::string content;
  content.resize(expected == SIZE_MAX ? std::min<std::size_t>(limit, 64 * 1024) : limit);
  std::size_t got = 0;
  while (true) {
    ssize_t n = read_into(fd, content.data() + got, content.size() - got, expected - got);
    if (n < 0) {
      if (failed != nullptr) {
        *failed = errno;
      }
      break;
    }
    got += static_cast<std::size_t>(n);
    if (got < content.size() || got >= limit) {
      break;  // the end of the file, `expected` or the limit
    }
    content.resize(std::min(limit, content.size() * 2));
  }
  content.resize(got);
  return content;
}

std::optional<std::string> read_file(const std::string& path, std::error_code& error,
                                     std::size_t max_bytes) {
  error.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::error_code(errno, std::generic_category());
    return std::nullopt;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    error = std::error_code(errno, std::generic_category());
    ::close(fd);
    return std::nullopt;
  }
  if (S_ISDIR(info.st_mode)) {
    error = std::make_error_code(std::errc::is_a_directory);
    ::close(fd);
    return std::nullopt;
  }
  // A regular file is read to the size fstat gave; anything else (a pipe,
  // /dev/stdin) and a file that says it is empty (/proc) to its end. One
  // byte past the limit tells "exactly the limit" from "more".
  std::size_t expected =
      S_ISREG(info.st_mode) && info.st_size > 0 ? static_cast<std::size_t>(info.st_size) : SIZE_MAX;
  std::size_t cap = max_bytes == SIZE_MAX ? SIZE_MAX : max_bytes + 1;
  int failed = 0;
  std::string content = read_all(fd, expected, cap, &failed);
  ::close(fd);
  if (failed != 0) {
    error = std::error_code(failed, std::generic_category());
    return std::nullopt;
  }
  if (content.size() > max_bytes) {
    error = std::make_error_code(std::errc::file_too_large);
    return std::nullopt;
  }
  return content;
}

}  // namespace nts::util
