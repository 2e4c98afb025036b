#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/repo_view.hpp"
#include "core/scan_report.hpp"
#include "detect/detector.hpp"
#include "rules/rule_set.hpp"
#include "scan/file_scanner.hpp"

namespace nts::scan {

struct ScanOptions {
  std::string path = ".";
  bool all_files = false;  // every file below path, not what git would commit
  unsigned jobs = 0;       // 0: one per core
  FileLimits limits;
  // When not empty: exactly these files (relative to path) instead of the
  // listing, as the pre-commit framework hands them over.
  std::vector<std::string> files;
  // A folder inside a git work tree (the Action's `path:`): finding paths
  // relative to the work tree's root, and the workflow analysis of the whole
  // work tree, as --range, --staged and --history do; only the files below
  // the folder go through the detector.
  bool from_repository_root = false;
};

// The analyses that read a whole repository snapshot rather than one file
// (the workflow analysis). Run once per scan, on the snapshot the mode defines,
// with the scan's detector (its rules, and the masking of what it quotes).
using SnapshotAnalysis = std::function<void(
    const core::RepoView& snapshot, const detect::Detector& detector, core::ScanReport& report)>;

// The detector a scan uses, asked for when the scan reaches its first file:
// the CLI compiles the patterns on another thread while the scan walks the
// directory or reads the git index. Called from several threads at once.
using DetectorSource = std::function<const detect::Detector&()>;

// Scans a directory or a work tree (what git would commit, unless all_files).
// An Error means nothing could be scanned (the path does not exist); problems
// with single files are ScanIssues in the report.
core::Result<core::ScanReport> scan_worktree(const ScanOptions& options,
                                             const DetectorSource& detector,
                                             const SnapshotAnalysis& analysis);
inline core::Result<core::ScanReport> scan_worktree(const ScanOptions& options,
                                                    const detect::Detector& detector,
                                                    const SnapshotAnalysis& analysis) {
  return scan_worktree(
      options, [&detector]() -> const detect::Detector& { return detector; }, analysis);
}

// Findings first by path, then position, then rule, and issues by path: stable
// output for goldens and diffs.
void sort_report(core::ScanReport& report);
unsigned resolve_jobs(unsigned requested);

}  // namespace nts::scan
