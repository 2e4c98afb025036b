#pragma once

#include <optional>
#include <set>
#include <string>

#include "core/recording_repo_view.hpp"
#include "core/repo_view.hpp"

namespace nts::scan {

// What the workflow analysis read the last time a staged scan ran it, kept in
// the git directory (`npm-token-scan/analysis-reads`) so the pre-commit hook
// need not run the analysis to learn whether a change to a code file matters.
// The analysis is a function of the files it reads and of which workflow,
// package.json and other by-name paths exist: while all of those are
// unchanged (same blob ids), it reads the same files again. After a commit the
// index the hook analysed is HEAD, so the next commit's hook finds it valid.
// A missing, stale, unreadable or foreign file is only a cache miss.

// The paths the analysis read from `snapshot`, when the cache at `git_dir`
// was written for a snapshot it still describes; nullopt otherwise (or when
// the view has no content ids).
std::optional<std::set<std::string>> cached_analysis_reads(const std::string& git_dir,
                                                           const core::RepoView& snapshot);

// Records what the analysis of `snapshot` read (through `recorded`). Best
// effort: a read-only git directory keeps no cache.
void store_analysis_reads(const std::string& git_dir, const core::RepoView& snapshot,
                          const core::RecordingRepoView& recorded);

}  // namespace nts::scan
