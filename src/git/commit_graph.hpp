#pragma once

#include <git2.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/scan_report.hpp"

namespace nts::git {

// The commits reachable from a set of tips, with what the history walk needs
// from each (its tree and dates) and nothing else: about 100 bytes a commit,
// so memory stays small however long the history is.
struct CommitNode {
  git_oid oid;
  git_oid tree;
  std::int64_t commit_time = 0;
  std::int64_t author_time = 0;
  std::uint32_t first_parent = UINT32_MAX;  // index in the graph, UINT32_MAX for a root
  std::vector<git_oid> parent_ids;          // as the commit names them, first parent first
  std::uint32_t parents_left = 0;  // parents present in the graph (consumed by the ordering)
  std::vector<std::uint32_t> children;
};

struct CommitGraph {
  std::vector<CommitNode> nodes;
  bool shallow = false;  // some parents were cut off by a shallow clone
};

struct HistoryRecord;

// Loads every commit reachable from `tips`. Commits listed in the repository's
// `shallow` file are roots (their parents were never fetched); any other
// missing or unreadable commit becomes an error issue and its ancestors are not walked.
// Commits `known` holds (an earlier walk's record) are taken from it, unread:
// the graph, its node order included, is the same either way.
CommitGraph load_commit_graph(git_repository* repo, const std::vector<git_oid>& tips,
                              std::vector<core::ScanIssue>& issues,
                              const HistoryRecord* known = nullptr);

// Indices of the graph's nodes with parents before children; among commits
// whose parents are all done, the oldest committer date goes first, so the
// first commit to show a blob is the one that introduced it.
std::vector<std::uint32_t> topological_order(CommitGraph& graph);

}  // namespace nts::git
