#pragma once

#include <string>

#include "core/error.hpp"
#include "org/deadline.hpp"

namespace nts::org {

struct MirrorOptions {
  std::string cache_dir;
  std::string token;  // GH_TOKEN for https remotes: given to libgit2 on request, never stored
  Deadline deadline;  // transfers past it are aborted
};

// The cache folder for `url`: readable (host and path) and unique (a hash of the URL).
std::string mirror_path(const std::string& cache_dir, const std::string& url);

// A bare mirror of `url` (every ref, "+refs/*:refs/*") in the cache: cloned on
// first use, fetched incrementally (with pruning) after that; HEAD follows the
// remote's default branch. Returns the mirror's path. The remote URL stored in
// the mirror is the one given, so a token never lands in its config.
core::Result<std::string> update_mirror(const std::string& url, const MirrorOptions& options);

}  // namespace nts::org
