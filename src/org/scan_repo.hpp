#pragma once

#include <functional>
#include <string>

#include "config/repo_config.hpp"
#include "detect/detector.hpp"
#include "org/deadline.hpp"
#include "org/repo_result.hpp"
#include "scan/scan.hpp"

namespace nts::org {

// --fix-dir: the fix of one repository as a `git format-patch` message,
// planned on the snapshot the scan analysed (HEAD's tree, commit `head`);
// "" when nothing changes. Called from the scan's threads.
// `config` is the repository's own config at HEAD (null when it has none).
using FixPatch =
    std::function<std::string(const core::RepoView& snapshot, const rules::RuleSet& rules,
                              const std::string& head, const config::RepoConfig* config)>;

// The snapshot analysis for one repository, given its own config at HEAD (null
// when it has none): where it keeps its CI files is a per-repository setting.
using AnalysisFor = std::function<scan::SnapshotAnalysis(const config::RepoConfig* config)>;

struct RepoScanOptions {
  bool history = false;                               // every blob of every ref, not just HEAD
  std::size_t max_blob_size = std::size_t{64} << 20;  // larger blobs: a note, not a scan
  Deadline deadline;   // checked before each phase and blob; past it: status error
  FixPatch fix_patch;  // when set: RepoResult::fix_patch
};

// Scans one repository (a bare mirror or a work tree at `path`) through
// scan::run, as `scan` would: HEAD's tree (each file as a checkout holds it)
// or, with `history`, every blob reachable from any ref, attributed to the
// commit that introduced it; the workflow analysis on HEAD's tree; the
// repository's own config read at HEAD. Never throws for a bad repository: the
// result then has ok == false and says why.
RepoResult scan_repository(const std::string& repository, const std::string& path,
                           const RepoScanOptions& options, const scan::DetectorSource& detector,
                           const AnalysisFor& analysis_for);

}  // namespace nts::org
