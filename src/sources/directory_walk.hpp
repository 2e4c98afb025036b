#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/scan_report.hpp"

namespace nts::sources {

// Calls `on_file` with every regular file below `root` (its path relative to
// root, '/'-separated), as the directories are read: a scan can start on the
// first files while the walk goes on. The order is the file system's, not
// sorted. `.git` folders are never entered, symlinks are never followed (a
// link can point out of the tree or into a loop), and FIFOs, sockets and
// devices are skipped with a note. An unreadable directory is an error issue,
// and the walk goes on with the others.
// `take`, when given, decides first whether the walk takes an entry: a folder
// (its path ends in '/') is entered, a file handed on or noted; what it
// refuses is passed over silently (a git work tree's ignored folders).
using WalkFilter = std::function<bool(const std::string& relative)>;
void walk_directory(const std::string& root, const std::function<void(std::string)>& on_file,
                    std::vector<core::ScanIssue>& issues, const WalkFilter& take = {});

}  // namespace nts::sources
