#pragma once

#include <string>
#include <vector>

#include "core/scan_report.hpp"

namespace nts::sources {

// Every regular file below `root` (paths relative to it, sorted), for plain
// directories and --all-files. `.git` folders are never entered, symlinks are
// never followed (a link can point out of the tree or into a loop), and FIFOs,
// sockets and devices are skipped with a note.
std::vector<std::string> walk_directory(const std::string& root,
                                        std::vector<core::ScanIssue>& issues);

}  // namespace nts::sources
