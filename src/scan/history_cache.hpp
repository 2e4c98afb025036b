#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/scan_report.hpp"
#include "git/blob_source.hpp"
#include "git/repository.hpp"
#include "git/tree_view.hpp"
#include "rules/rule.hpp"

namespace nts::scan {

// One finding of a history scan as the merge of every blob's findings left
// it, before the "deleted since" sentence is added: the oldest introduction
// (`order`, the commit's place in the walk) and the blobs that carry it, so
// that whether it is still present can be decided again when HEAD moves.
struct RecordedFinding {
  core::Finding finding;
  std::uint64_t order = 0;
  std::vector<std::string> blobs;  // blob ids (hex)
};

// What a `scan --history` found, kept so that the next scan of the same
// repository pays only for what changed (docs/usage.md, "History cache"):
// the refs it started from (`tips_id`), the walk's own record
// (git::HistoryRecord: commits, the tree and blob ids met, notes), and the
// blob part of the report. Findings are kept as every report shows them:
// redacted, with fingerprints; never a whole secret, nor the secret's digest.
struct HistorySnapshot {
  std::string tips_id;
  std::string walk;
  std::optional<std::string> head;
  std::uint64_t blobs = 0;
  std::uint64_t bytes = 0;
  std::vector<core::ScanIssue> source_issues;
  std::vector<RecordedFinding> findings;
  std::vector<core::ScanIssue> blob_issues;
  std::uint64_t files_skipped = 0;
  std::uint64_t inline_ignored = 0;
  // The listing of the tree the workflow analysis last read (HEAD's, or the
  // first --ref's): an unchanged repository's re-scan would otherwise spend
  // most of its time listing that tree again.
  git::TreeListing analysed_tree;
};

// The cache file of one repository, for one set of settings. It lives in the
// git directory (`npm-token-scan/history`), or, when that is not writable (a
// read-only bare mirror), in $XDG_CACHE_HOME/npm-token-scan/history/ under a
// hash of the git directory's path. One file per repository: a scan with
// other settings replaces it.
class HistoryCache {
 public:
  // `key` names everything besides the history that decides the blob part of
  // the report (see history_cache_key).
  HistoryCache(const std::string& git_dir, std::string key);

  // The snapshot stored for this key; nullopt when there is none or it was
  // made with other settings. A damaged file adds a note to `warnings` and
  // counts as none: the scan starts over.
  std::optional<HistorySnapshot> load(std::vector<core::ScanIssue>& warnings) const;
  // Replaces the file atomically, readable by its owner only. Best effort: a
  // cache that cannot be written costs the next scan time, nothing else.
  void store(const HistorySnapshot& snapshot) const;

 private:
  std::vector<std::string> m_paths;  // where to look, in order
  std::string m_key;
};

// The tool's version and build, every field of every rule, the size limit
// and the revisions a history scan walks: a change to any of them invalidates
// a stored snapshot.
std::string history_cache_key(const std::vector<rules::Rule>& rules, std::size_t max_file_size,
                              const std::vector<std::string>& refs);

// One history scan's use of the cache: what was stored, whether the refs
// are where they were then (nothing to walk), and the new walk's record.
struct HistoryCacheUse {
  std::optional<HistoryCache> cache;
  std::optional<HistorySnapshot> stored;
  std::string tips_id;
  bool unchanged = false;
  std::string walk;                       // filled by git::scan_history
  std::vector<core::ScanIssue> warnings;  // a damaged cache

  // The source's result as the stored scan had it (unchanged refs).
  git::SourceResult unchanged_result() const;
  // This scan as the cache stores it (cache->store): `findings`,
  // `blob_issues` and `stats` cover the whole history (what the stored
  // snapshot contributed included). The analysed tree's listing is added
  // once the workflow analysis has made it.
  HistorySnapshot snapshot_of(const git::SourceResult& result,
                              std::vector<RecordedFinding> findings,
                              const std::vector<core::ScanIssue>& blob_issues,
                              const core::ScanStats& stats) const;
};

HistoryCacheUse open_history_cache(const git::Repository& repo,
                                   const std::vector<std::string>& refs, std::size_t max_file_size,
                                   const std::vector<rules::Rule>& rules);

}  // namespace nts::scan
