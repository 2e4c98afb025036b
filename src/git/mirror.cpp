#include "git/mirror.hpp"

#include <git2.h>

#include "git/handle.hpp"
#include "git/network_setup.hpp"
#include "git/ref_files.hpp"

namespace nts::git {
namespace {

struct Callbacks {
  const TransferOptions* options = nullptr;
  TransferResult* result = nullptr;
  int credential_attempts = 0;
};

int on_credentials(git_credential** out, const char* url, const char* username,
                   unsigned int allowed, void* payload) {
  auto* state = static_cast<Callbacks*>(payload);
  // Only to a server the token is for: whoever else answers with 401 (a host
  // a listing or a redirect points at, plain http) gets nothing.
  const TransferOptions& options = *state->options;
  if (options.token.empty() || url == nullptr || !options.may_send_token ||
      !options.may_send_token(url)) {
    return GIT_PASSTHROUGH;
  }
  // One attempt: a rejected token must fail the repository, not loop forever.
  if (state->credential_attempts++ > 0 || (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) == 0) {
    return GIT_PASSTHROUGH;
  }
  state->result->token_sent = true;
  // GitHub accepts any user name with a token as the password.
  return git_credential_userpass_plaintext_new(
      out, username != nullptr && *username != '\0' ? username : "x-access-token",
      options.token.c_str());
}

int on_transfer(const git_indexer_progress* /*stats*/, void* payload) {
  auto* state = static_cast<Callbacks*>(payload);
  if (state->options->stop && state->options->stop()) {
    state->result->stopped = true;
    return -1;  // libgit2 stops the transfer and returns this error
  }
  return 0;
}

int on_sideband(const char* /*text*/, int /*len*/, void* payload) {
  return on_transfer(nullptr, payload);
}

// `text` with every copy of `url`'s userinfo removed (`bare` is `url` without it).
std::string scrub_userinfo(std::string text, const std::string& url, const std::string& bare) {
  if (bare == url || url.find("://") == std::string::npos) {
    return text;
  }
  auto scheme_end = url.find("://") + 3;
  std::string userinfo = url.substr(scheme_end, url.size() - bare.size());  // "user:token@"
  for (auto at = text.find(url); at != std::string::npos; at = text.find(url, at)) {
    text.replace(at, url.size(), bare);
  }
  for (auto at = text.find(userinfo); at != std::string::npos; at = text.find(userinfo, at)) {
    text.erase(at, userinfo.size());
  }
  return text;
}

// HEAD of the mirror follows the remote's default branch (it may be renamed).
void follow_remote_head(git_repository* repo, git_remote* remote) {
  git_buf branch = GIT_BUF_INIT;
  if (git_remote_default_branch(&branch, remote) == 0) {
    git_repository_set_head(repo, branch.ptr);
  }
  git_buf_dispose(&branch);
}

}  // namespace

core::Status fetch_mirror(const std::string& path, const std::string& url,
                          const std::string& shown_url, bool create, const TransferOptions& options,
                          TransferResult& result) {
  ensure_initialised();
  git_repository* raw = nullptr;
  int rc = create ? git_repository_init(&raw, path.c_str(), 1)
                  : git_repository_open_bare(&raw, path.c_str());
  RepositoryPtr repo(raw);
  if (rc != 0) {
    return last_error("cannot open the cached mirror (delete it to clone again)", path);
  }
  git_remote* remote_raw = nullptr;
  if (create) {
    // For people looking at the cache: where it came from, without userinfo.
    rc = git_remote_create_with_fetchspec(&remote_raw, repo.get(), "origin", shown_url.c_str(),
                                          "+refs/*:refs/*");
    RemotePtr origin(remote_raw);
    if (rc != 0) {
      return last_error("cannot create the mirror's origin remote", path);
    }
  }
  // The transfer uses the URL as given (userinfo included), from a remote
  // that is never written to the mirror's config.
  rc = git_remote_create_anonymous(&remote_raw, repo.get(), url.c_str());
  RemotePtr remote(remote_raw);
  if (rc != 0) {
    return last_error("cannot fetch into the cached mirror (delete it to clone again)", path);
  }
  char refspec[] = "+refs/*:refs/*";
  char* refspecs[] = {refspec};
  git_strarray fetch_refspecs = {refspecs, 1};
  git_fetch_options fetch = GIT_FETCH_OPTIONS_INIT;
  fetch.prune = GIT_FETCH_PRUNE;
  Callbacks state{&options, &result, 0};
  fetch.callbacks.credentials = on_credentials;
  fetch.callbacks.transfer_progress = on_transfer;
  fetch.callbacks.sideband_progress = on_sideband;
  fetch.callbacks.payload = &state;
  prepare_network();  // a failure shows as the fetch's certificate error
  if (git_remote_fetch(remote.get(), &fetch_refspecs, &fetch, nullptr) != 0) {
    auto error = last_error(create ? "cannot clone" : "cannot fetch", shown_url);
    // libgit2's own message may quote the URL as given.
    error.message = scrub_userinfo(error.message, url, shown_url);
    return error;
  }
  follow_remote_head(repo.get(), remote.get());
  return core::ok_status();
}

RepositoryProbe probe_repository(const std::string& path) {
  RepositoryProbe probe;
  // Most folders of a walk are plain repositories: their files answer
  // without libgit2 loading three config files for each.
  if (auto git_dir = plain_repository(path)) {
    probe.kind = RepositoryProbe::Kind::repository;
    probe.git_dir = *git_dir;
    probe.common_dir = *git_dir;
    probe.head_readable = true;
    return probe;
  }
  ensure_initialised();
  git_repository* raw = nullptr;
  // NO_SEARCH: only this folder itself, never a parent repository.
  int rc = git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  RepositoryPtr repo(raw);
  if (rc != 0) {
    probe.kind =
        rc == GIT_ENOTFOUND ? RepositoryProbe::Kind::not_found : RepositoryProbe::Kind::unreadable;
    probe.error = last_error_message();
    return probe;
  }
  probe.kind = RepositoryProbe::Kind::repository;
  const char* git_dir = git_repository_path(repo.get());
  const char* common_dir = git_repository_commondir(repo.get());
  probe.git_dir = git_dir != nullptr ? git_dir : "";
  probe.common_dir = common_dir != nullptr ? common_dir : "";
  git_reference* head = nullptr;
  rc = git_repository_head(&head, repo.get());
  git_reference_free(head);
  probe.head_readable = rc == 0 || rc == GIT_EUNBORNBRANCH;
  if (!probe.head_readable) {
    probe.head_error = last_error_message();
  }
  return probe;
}

}  // namespace nts::git
