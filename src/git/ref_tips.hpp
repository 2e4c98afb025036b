#pragma once

#include <git2.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/scan_report.hpp"
#include "git/oid_set.hpp"
#include "git/repository.hpp"

namespace nts::git {

// Where a history walk starts.
struct RefTips {
  std::vector<git_oid> commits;
  std::vector<std::pair<std::string, git_oid>> trees;  // refs that peel to a tree (ref name, id)
  std::vector<std::pair<std::string, git_oid>> blobs;  // refs that peel to a blob
  std::optional<git_oid> head;       // HEAD's commit, or the first requested revision's
  std::optional<git_oid> head_tree;  // its tree
};

// Every ref (branches, tags, remotes, notes, stash) and HEAD when `revisions`
// is empty, else just those revisions. A bad revision is an Error; a broken
// ref is an error issue and the others are still walked.
core::Result<RefTips> collect_tips(const Repository& repo,
                                   const std::vector<std::string>& revisions,
                                   std::vector<core::ScanIssue>& issues);

// The ids of every blob in a tree, recursively (what "still present at HEAD" tests against).
OidSet blob_ids_in_tree(git_repository* repo, const git_oid& tree,
                        std::vector<core::ScanIssue>& issues);

// Resolves a revision ("main", "v1.2", "HEAD~3", a sha) to a commit id.
core::Result<git_oid> resolve_commit(git_repository* repo, std::string_view revision);

}  // namespace nts::git
