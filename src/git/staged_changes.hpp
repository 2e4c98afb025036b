#pragma once

#include <git2.h>

#include <optional>
#include <set>
#include <string>

#include "core/error.hpp"
#include "git/handle.hpp"

namespace nts::git {

// The paths that differ between HEAD's tree and the index, as two small
// in-memory indexes (HEAD's side and the index's side) to diff with
// git_diff_index_to_index. Directories whose cache-tree id still equals
// HEAD's subtree are skipped unread, so a 10-file change costs the same in a
// repository of any size. nullopt when the index file cannot be read that way
// (see IndexFile::load): diff the full index with libgit2 instead.
struct StagedIndexes {
  IndexPtr head_side;
  IndexPtr index_side;
};
std::optional<StagedIndexes> staged_indexes_from_cache_tree(git_repository* repo,
                                                            const git_tree* head);

}  // namespace nts::git
