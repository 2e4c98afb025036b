#pragma once

#include <functional>
#include <future>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/scan_report.hpp"
#include "detect/detector.hpp"
#include "scan/scan.hpp"

namespace nts::scan {

// history, staged and range are `scan`'s modes; tree is one commit's tree as a
// checkout of it holds it (org's scan of a bare mirror's default branch).
enum class GitMode { history, staged, range, tree };

struct GitScanOptions {
  std::string path = ".";  // anywhere in a work tree, or a bare/mirror clone
  GitMode mode = GitMode::history;
  std::vector<std::string> refs;  // history: --ref (narrows the walk; the first is "HEAD");
                                  // tree: the commit (default HEAD)
  std::string range;              // range: "BASE..HEAD" (or BASE...HEAD)
  unsigned jobs = 0;              // 0: one per core
  FileLimits limits;              // max_file_size applies to each blob
  // Asked before each commit and blob from the source's threads: true ends
  // the scan early (org's time budget; the caller knows it stopped).
  std::function<bool()> stop;
  // history: read and keep the repository's history cache (history_cache.hpp),
  // so that a scan walks only the commits added since the last one.
  bool cache = false;
};

// The lines on which scan_git's visit of a blob (`content` at `path`)
// reports or counts anything: findings, inline-ignored findings and their
// ignore comments. A range scan's walk diffs only the versions where these
// lines can matter (git::SourceOptions::finding_lines).
std::vector<int> visited_lines(const detect::Detector& detector, std::string_view content,
                               const std::string& path);

// `scan --history`, `--staged` and `--range`: the blobs the git sources
// hand over, through the detector. A secret seen in several versions of a
// file is reported once, with the commit that introduced it and whether any
// version at HEAD still holds it (a deleted token is still leaked: the message
// says to revoke it). Staged and range scans report only added lines. The
// snapshot analysis runs on HEAD's (or --ref's, or the range head's) tree, or
// on the index for --staged; staged and range scans keep only the workflow
// findings the change introduces, and a staged change touching no file the
// analysis reads is not analysed at all.
// Runs libgit2's one-time set-up on another thread, to overlap the caller's
// own start-up. Wait on the future before exiting.
std::future<void> start_git_setup();

core::Result<core::ScanReport> scan_git(const GitScanOptions& options,
                                        const DetectorSource& detector,
                                        const SnapshotAnalysis& analysis);
inline core::Result<core::ScanReport> scan_git(const GitScanOptions& options,
                                               const detect::Detector& detector,
                                               const SnapshotAnalysis& analysis) {
  return scan_git(
      options, [&detector]() -> const detect::Detector& { return detector; }, analysis);
}

}  // namespace nts::scan
