#pragma once

#include <git2.h>

#include <functional>
#include <string>
#include <vector>

#include "core/scan_report.hpp"
#include "git/blob_source.hpp"
#include "git/handle.hpp"

namespace nts::git {

// A blob a diff adds or changes, with the lines that are new in it.
struct ChangedBlob {
  git_oid oid;
  std::string path;
  std::vector<LineRange> added_lines;  // never empty: a change that only deletes is left out
};

// The diff options both the staged and the range scan use: no context lines
// (only added lines matter), every blob diffed as text (the scanner decides
// what is binary), submodules compared by id only.
git_diff_options added_lines_diff_options();

// Detects renames and copies as `git diff` does by default, so moving a file
// does not report every line of it as new.
void find_renames(git_diff* diff, std::vector<core::ScanIssue>& issues);

// The blobs `diff` adds or modifies (renamed and copied ones included),
// skipping deletions, symlinks (never followed) and submodules (a note each).
// Blobs over the size limit are skipped with a note before they are diffed.
// With `read`, a modified blob's two versions come through it and are diffed
// as buffers (the same xdiff, the same options as the diff's own patches),
// so a caller's cache of recently read versions serves them.
// With `lines_wanted` (asked with the delta's index), a delta it answers
// false for is not diffed when its new side is provably larger than its old
// one (it then adds some line, though which is not computed: added_lines is
// line 1); the caller must only use that where the visit does not depend on
// which lines are new.
std::vector<ChangedBlob> changed_blobs(git_repository* repo, git_diff* diff,
                                       const SourceOptions& options,
                                       std::vector<core::ScanIssue>& issues,
                                       const ObjectReader& read = {},
                                       const std::function<bool(std::size_t)>& lines_wanted = {});

// Every path a delta of `diff` names, old and new sides, sorted and unique.
std::vector<std::string> changed_paths(git_diff* diff);

}  // namespace nts::git
