#pragma once

#include <string>

#include "core/error.hpp"
#include "org/deadline.hpp"
#include "org/url.hpp"

namespace nts::org {

struct MirrorOptions {
  std::string cache_dir;
  // GH_TOKEN: given to libgit2 when a server asks for credentials, only when
  // the URL asking is one `token_scope` allows (the check runs on the URL of
  // each request, after any redirect); never stored.
  std::string token;
  TokenScope token_scope;
  Deadline deadline;  // transfers past it are aborted
};

// The cache folder for `url`: readable (host and path) and unique (a hash of
// the URL), both of the URL without userinfo (no credential in a folder name).
std::string mirror_path(const std::string& cache_dir, const std::string& url);

// A bare mirror of `url` (every ref, "+refs/*:refs/*") in the cache: cloned on
// first use, fetched incrementally (with pruning) after that; HEAD follows the
// remote's default branch. Returns the mirror's path. The remote URL stored in
// the mirror is the one given without userinfo, so no credential (GH_TOKEN or
// one written into a --repos URL) lands in its config.
core::Result<std::string> update_mirror(const std::string& url, const MirrorOptions& options);

}  // namespace nts::org
