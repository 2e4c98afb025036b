#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>

namespace nts::util {

// The one read loop: fills `buffer` with up to `want` bytes from `fd`,
// retrying short and interrupted reads, and stops early once `expected` bytes
// came (the size fstat gave a regular file: asking again only to be told "end
// of file" was a fifth of a work-tree scan's system calls). Returns the bytes
// read, fewer than `want` only at the end of the file or `expected`; -1 on an
// error, with errno set.
ssize_t read_into(int fd, char* buffer, std::size_t want, std::size_t expected = SIZE_MAX);

// Reads an open descriptor whole: to its end, to `expected` bytes (as above;
// SIZE_MAX when unknown, as for a pipe) or to `max_bytes`, whichever comes
// first. What was read before an error is returned, and the error's errno is
// stored in `*failed` (0 when none) when given.
std::string read_all(int fd, std::size_t expected, std::size_t max_bytes = SIZE_MAX,
                     int* failed = nullptr);

// The one way a whole file is read by path: a config, a baseline, a rule
// file, a report to merge. nullopt with `error` set when it cannot be opened
// or read, or (file_too_large) when it holds more than `max_bytes`.
std::optional<std::string> read_file(const std::string& path, std::error_code& error,
                                     std::size_t max_bytes = SIZE_MAX);

}  // namespace nts::util
