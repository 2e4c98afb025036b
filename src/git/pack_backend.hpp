#pragma once

#include <git2.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/error.hpp"
#include "git/repository.hpp"
#include "gitfmt/pack_index.hpp"

namespace nts::git {

// libgit2 1.5 re-inflates and re-applies a whole delta chain for every object
// it reads from a pack (it caches only the bottom base, and each inflate
// allocates a fresh zlib state under global locks), which made tree reads
// dominate history scans. This adds an object database backend that decodes
// the same packs with a delta-base cache, ahead of libgit2's own: reads still
// go through libgit2 (git_tree_lookup, git_odb_read), and whatever the packs
// do not hold (loose objects, thin-pack bases, prefixes, writes) falls
// through to libgit2's backends. The handle must be used by one thread at a
// time; `packs` may be shared by many handles.
//
// An object larger than `max_object_bytes`, or whose delta chain would build
// a larger intermediate result, is refused before it is allocated: reads
// return k_object_over_limit with the reason in libgit2's last error (and
// libgit2 does not fall back to its own reader, which would build it).
//
// new_pack_backend makes the backend alone, for git_odb_add_backend (the
// object database then owns and frees it); add_pack_backend adds one to
// `repo`'s object database.
git_odb_backend* new_pack_backend(std::shared_ptr<const gitfmt::PackSet> packs,
                                  std::size_t cache_bytes, std::size_t max_object_bytes = SIZE_MAX);
core::Status add_pack_backend(git_repository* repo, std::shared_ptr<const gitfmt::PackSet> packs,
                              std::size_t cache_bytes, std::size_t max_object_bytes = SIZE_MAX);
constexpr int k_object_over_limit = GIT_EBUFS;

// A private handle on `repo` (see open_private_handle) whose reads go through
// our pack reader first, when the repository has packs we read.
core::Result<RepositoryPtr> open_handle_reading_packs(const Repository& repo,
                                                      std::size_t cache_bytes,
                                                      std::size_t max_object_bytes);

// The packs of `repo`'s own object directory (no alternates), or null when it
// has none that we read.
std::shared_ptr<const gitfmt::PackSet> open_repository_packs(git_repository* repo);

}  // namespace nts::git
