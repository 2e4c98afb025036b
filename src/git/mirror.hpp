#pragma once

#include <functional>
#include <string>

#include "core/error.hpp"

namespace nts::git {

// How a mirror fetch may authenticate and when it must stop. The policy (which
// URLs may receive the token, the time budget) is the caller's; libgit2's
// callbacks only ask it.
struct TransferOptions {
  std::string token;  // sent as the password, once, where may_send_token allows
  std::function<bool(const char* url)> may_send_token;  // the URL of each request
  std::function<bool()> stop;                           // true aborts the transfer
};

// What happened on the way, for the caller's error message.
struct TransferResult {
  bool stopped = false;     // `stop` aborted it
  bool token_sent = false;  // a server asked for credentials and got the token
};

// Fetches every ref of `url` ("+refs/*:refs/*", pruning) into the bare
// repository at `path`, creating it first when `create`, then points HEAD at
// the remote's default branch. `url` may hold userinfo for the transfer;
// `shown_url` (the same without it) is all that is written to the mirror's
// config and to errors, and libgit2's messages are scrubbed of the userinfo.
core::Status fetch_mirror(const std::string& path, const std::string& url,
                          const std::string& shown_url, bool create, const TransferOptions& options,
                          TransferResult& result);

// Whether `path` is itself a repository (never a parent's), for a folder walk:
// from its files where plain_repository() can tell, else from libgit2.
struct RepositoryProbe {
  enum class Kind { repository, not_found, unreadable };
  Kind kind = Kind::not_found;
  std::string error;    // libgit2's message when it is not a readable repository
  std::string git_dir;  // the git directory, and the common one (worktrees)
  std::string common_dir;
  bool head_readable = false;  // HEAD names a branch (born or not) or a commit
  std::string head_error;
};
RepositoryProbe probe_repository(const std::string& path);

}  // namespace nts::git
