#pragma once

#include <string>
#include <string_view>

namespace nts::util {

// Writes `content` to `path` for a report, baseline or other output the user
// named, without ever following a symbolic link there: a pull request can
// commit `npm-token-scan.sarif -> ~/.bashrc` into the directory an output is
// written to. The content goes to a new file beside `path` (created with
// O_EXCL | O_NOFOLLOW), which is then renamed over it, so a link swapped in
// meanwhile is replaced, never written through. A path that is a symbolic link
// is refused; an existing FIFO or character device (`/dev/stdout`, a pipe) is
// written in place. The new file gets `permissions` less the umask (0600
// for a cache that only its owner should read). Returns empty on success,
// else why it failed.
std::string write_output_file(const std::string& path, std::string_view content,
                              unsigned permissions = 0666);

}  // namespace nts::util
