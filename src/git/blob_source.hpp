#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/repo_view.hpp"
#include "core/scan_report.hpp"
#include "git/repository.hpp"

namespace nts::git {

// The commit a line or a blob is attributed to.
struct CommitRef {
  std::string sha;
  std::int64_t author_time = 0;  // unix seconds
};

// Lines [first, last] (1-based, inclusive) of one blob. In a range scan each
// range carries the commit of the range that added those lines.
struct LineRange {
  int first = 0;
  int last = 0;
  std::optional<CommitRef> commit;
};

// One blob handed to the scanner.
struct BlobToScan {
  std::string path;                    // repository-relative, '/'-separated
  std::string_view content;            // NOTE: valid only during the visitor call
  std::optional<CommitRef> commit;     // introduced by (history, range); nullopt for staged
  std::uint64_t order = 0;             // history: topological index of `commit`, lower = older
  bool at_head = false;                // this blob is in HEAD's tree (or the first --ref's)
  std::vector<LineRange> added_lines;  // staged/range: only these lines are new; empty = all
  std::string blob_id;                 // history, when a record is kept: the blob's id (hex)

  // The commit to report a finding on `line` with: the range's commit when
  // the line lies in an attributed range, else the blob's.
  const std::optional<CommitRef>& commit_for_line(int line) const;
  // True when findings on `line` should be reported (always when added_lines is empty).
  bool reports_line(int line) const;
};

// Called concurrently from up to `jobs` threads: the caller must make it thread-safe.
using BlobVisitor = std::function<void(const BlobToScan&)>;

struct SourceOptions {
  std::vector<std::string> refs;  // history: revisions to walk instead of every ref
  unsigned jobs = 2;              // threads that read and visit blobs
  std::size_t max_blob_size = std::size_t{64} << 20;  // larger blobs are skipped with a note
  // History: asked before each commit and each blob, from any of the walk's
  // threads (so it must be thread-safe); true ends the walk early (a time
  // budget ran out). The caller knows it stopped; nothing is noted.
  std::function<bool()> stop;
  // History: the record an earlier walk of this repository left (see
  // `record`). When the commits it covers still come first in this walk's
  // order, only the commits after them are walked: blobs it met are neither
  // read nor visited again (the caller kept what their visits gave), and its
  // notes and tallies are added to the result. Otherwise (history rewritten, a
  // ref deleted, a new commit ordered before a recorded one) the whole history
  // is walked, as without it. Damaged bytes count as no record.
  std::string_view resume;
  // History: receives this walk's record, or is left empty when the walk
  // cannot be continued later (an error issue, a shallow clone, stopped
  // early, a ref that names a tree or a blob). Blobs then carry blob_id.
  std::string* record = nullptr;
  // Range: the lines of a blob (its bytes, and the path the visitor is told)
  // on which the visitor's own scan reports or counts anything: findings,
  // inline-ignored findings and their ignore comments. Only those lines of a
  // visited blob make the visit depend on added_lines, so with it the range
  // walk diffs only the versions where such a line could be among the added
  // ones or be the text of a head line to attribute; the others are visited
  // all the same. It must agree with the visitor (same detector, same path).
  std::function<std::vector<int>(std::string_view content, const std::string& path)> finding_lines;
};

struct SourceResult {
  std::optional<std::string> head;  // the commit HEAD (or the first --ref) resolves to
  std::vector<core::ScanIssue> issues;
  std::size_t commits = 0;
  std::size_t blobs = 0;  // blobs handed to the visitor
  std::size_t bytes = 0;
  // staged/range: every path the change touches (old and new names, deletions
  // included), and the commit on the change's "before" side (HEAD for staged,
  // the merge base for range; nullopt when there is none), so callers can
  // tell what the change introduced from what was already there.
  std::vector<std::string> changed_paths;
  std::optional<std::string> base;
  // History: commits a resumed record covered (not walked again), and, when
  // it resumed, whether a blob (by blob_id) is in the head's tree.
  std::size_t resumed_commits = 0;
  std::function<bool(const std::string&)> at_head;
};

// An id of where a history walk would start: every ref's target (or the
// given revisions') and HEAD, with the shallow file. The same id means the
// same commits to walk; nullopt when a ref cannot be read.
std::optional<std::string> history_tips_id(const Repository& repo,
                                           const std::vector<std::string>& revisions);

// Every blob reachable from any ref (or from options.refs), each read and
// visited once, attributed to the oldest commit in topological order whose
// tree holds it. An Error means nothing could be walked (a bad --ref);
// missing or corrupt objects are issues of kind error and the rest is scanned.
core::Result<SourceResult> scan_history(const Repository& repo, const SourceOptions& options,
                                        const BlobVisitor& visit);

// Every regular file of one commit's tree ("HEAD", a branch, a sha), as a
// checkout of that commit would hold it: each path once (the same content at
// two paths is two files), none attributed to a commit, all at the head. It is
// org's scan of a bare mirror's default branch. Symlinks are not followed;
// submodules are noted. An Error means the revision or its tree cannot be read.
core::Result<SourceResult> scan_tree(const Repository& repo, std::string_view revision,
                                     const SourceOptions& options, const BlobVisitor& visit);

// What the next commit would add: the index against HEAD (everything in the
// index when there is no HEAD yet). Only added lines, numbered in the staged blob.
core::Result<SourceResult> scan_staged(const Repository& repo, const SourceOptions& options,
                                       const BlobVisitor& visit);

// What `git diff base...head` adds: blobs changed between the merge base and
// head, only the new lines, each attributed to the commit of the range that added it.
core::Result<SourceResult> scan_range(const Repository& repo, std::string_view base,
                                      std::string_view head, const SourceOptions& options,
                                      const BlobVisitor& visit);

// Parses "BASE..HEAD" or "BASE...HEAD" (both mean the merge-base diff);
// a single revision means "REV..HEAD".
core::Result<std::pair<std::string, std::string>> parse_range(std::string_view spec);

}  // namespace nts::git
