#pragma once

#include <git2.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scan_report.hpp"
#include "git/oid_set.hpp"

namespace nts::git {

// One commit of a recorded walk: what the graph needs without reading it again.
struct RecordedCommit {
  git_oid oid;
  git_oid tree;
  std::int64_t commit_time = 0;
  std::int64_t author_time = 0;
  std::vector<std::uint32_t> parents;  // positions in the record, first parent first
};

// What a history walk leaves so that the next walk of the same history need
// only walk the commits added since (see scan_history and SourceOptions): the
// commits in walk order, every tree and blob id the walk met (the walker's
// "seen" sets, which decide what a later commit introduces), the submodule
// paths it noted, the notes it and the blob reads made, and the blob tallies.
// It holds ids, dates and paths, never file content.
struct HistoryRecord {
  std::vector<RecordedCommit> commits;
  OidSet trees;
  OidSet blobs;
  std::vector<std::string> submodules;
  std::vector<core::ScanIssue> issues;
  std::uint64_t blobs_visited = 0;
  std::uint64_t bytes = 0;

  std::string serialize() const;
  // nullopt when `bytes` is not a whole, well-formed record.
  static std::optional<HistoryRecord> parse(std::string_view bytes);
};

}  // namespace nts::git
