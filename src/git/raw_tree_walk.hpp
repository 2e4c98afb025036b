#pragma once

#include <git2.h>

#include <functional>
#include <string>
#include <string_view>

#include "git/handle.hpp"
#include "gitfmt/raw_tree.hpp"

namespace nts::git {

// A tree's raw bytes, for gitfmt::RawTreeReader; null, with libgit2's error
// set, when it cannot be read or is not a tree.
OdbObjectPtr read_raw_tree(git_odb* odb, const git_oid& id);

// An object's bytes; empty for null.
std::string_view object_bytes(const git_odb_object* object);

// Every entry below the tree `tree_id` that is not itself a tree (blobs,
// symlinks, submodule commits), depth first in tree order, with its path
// ("dir/name"). It reads raw tree bytes: libgit2's git_tree_walk first parses
// each tree into entries it allocates, which was half of a cached history
// scan (16 ms of 35 listing a 20,000-file HEAD). No recursion: a hostile
// repository's deep trees cost memory, not the stack. false, with libgit2's
// error set, at the first tree that cannot be read or does not parse.
bool walk_tree_entries(
    git_odb* odb, const git_oid& tree_id,
    const std::function<void(const std::string& path, const gitfmt::RawTreeEntry&)>& visit);

}  // namespace nts::git
