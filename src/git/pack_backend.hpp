#pragma once

#include <git2.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/error.hpp"
#include "git/repository.hpp"
#include "gitfmt/pack_index.hpp"

namespace nts::git {

// libgit2's pack reader (src/libgit2/pack.c) does cache delta bases,
// intermediate results of a chain included, but in a way that made tree reads
// dominate history scans: one cache per pack, shared by every thread behind
// one mutex; nothing over 1 MiB is cached (GIT_PACK_CACHE_SIZE_LIMIT), so the
// versions of a large tree or file are rebuilt from the bottom of the chain
// each time; once the cache passes 16 MiB (GIT_PACK_CACHE_MEMORY_LIMIT) an
// insert frees every entry not in use, not the least recently used one; and
// each inflate sets up a fresh zlib stream. This adds an object database
// backend that decodes the same packs with a per-thread LRU delta-base cache
// (bounded by bytes, no per-object limit) and one reused zlib stream, ahead of
// libgit2's own: reads still
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
