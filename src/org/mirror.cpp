#include "org/mirror.hpp"

#include <git2.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "git/handle.hpp"
#include "git/network_setup.hpp"
#include "org/url.hpp"

namespace nts::org {
namespace fs = std::filesystem;

namespace {

struct Callbacks {
  const MirrorOptions* options = nullptr;
  int credential_attempts = 0;
  bool timed_out = false;
};

int on_credentials(git_credential** out, const char* url, const char* username,
                   unsigned int allowed, void* payload) {
  auto* state = static_cast<Callbacks*>(payload);
  // Only to a server the token is for, over https: whoever answers with 401
  // (a host a listing or a redirect points at, plain http) gets nothing.
  if (state->options->token.empty() || url == nullptr || !state->options->token_scope.allows(url)) {
    return GIT_PASSTHROUGH;
  }
  // One attempt: a rejected token must fail the repository, not loop forever.
  if (state->credential_attempts++ > 0 || (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) == 0) {
    return GIT_PASSTHROUGH;
  }
  // GitHub accepts any user name with a token as the password.
  return git_credential_userpass_plaintext_new(
      out, username != nullptr && *username != '\0' ? username : "x-access-token",
      state->options->token.c_str());
}

int on_transfer(const git_indexer_progress* /*stats*/, void* payload) {
  auto* state = static_cast<Callbacks*>(payload);
  if (state->options->deadline.passed()) {
    state->timed_out = true;
    return -1;  // libgit2 stops the transfer and returns this error
  }
  return 0;
}

int on_sideband(const char* /*text*/, int /*len*/, void* payload) {
  return on_transfer(nullptr, payload);
}

void set_callbacks(git_remote_callbacks& callbacks, Callbacks& state) {
  callbacks.credentials = on_credentials;
  callbacks.transfer_progress = on_transfer;
  callbacks.sideband_progress = on_sideband;
  callbacks.payload = &state;
}

// `text` with every copy of `url`'s userinfo removed.
std::string scrub_userinfo(std::string text, const std::string& url) {
  std::string bare = without_userinfo(url);
  if (bare == url) {
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

core::Error transfer_error(bool clone, const std::string& url, const Callbacks& state) {
  if (state.timed_out) {
    return core::Error{state.options->deadline.reason(clone ? "cloning" : "fetching"), {}, {}, {}};
  }
  auto error = git::last_error(clone ? "cannot clone" : "cannot fetch", without_userinfo(url));
  // libgit2's own message may quote the URL as given.
  error.message = scrub_userinfo(error.message, url);
  if (state.credential_attempts > 0) {
    error.hint =
        "the token from GH_TOKEN / GITHUB_TOKEN was refused or cannot read this repository";
  } else if (error.hint.empty()) {
    error.hint = "check the URL and that this machine can reach it";
  }
  return error;
}

// HEAD of the mirror follows the remote's default branch (it may be renamed).
void follow_remote_head(git_repository* repo, git_remote* remote) {
  git_buf branch = GIT_BUF_INIT;
  if (git_remote_default_branch(&branch, remote) == 0) {
    git_repository_set_head(repo, branch.ptr);
  }
  git_buf_dispose(&branch);
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash = (hash ^ c) * 1099511628211ull;
  }
  return hash;
}

}  // namespace

std::string mirror_path(const std::string& cache_dir, const std::string& given_url) {
  const std::string url = without_userinfo(given_url);
  std::string readable;
  auto scheme = url.find("://");
  for (char c : url.substr(scheme == std::string::npos ? 0 : scheme + 3)) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '-' || c == '_';
    readable += plain ? c : '_';
  }
  if (readable.size() > 80) {
    readable = readable.substr(readable.size() - 80);
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(url)));
  return (fs::path(cache_dir) / (readable + "-" + hash + ".git")).string();
}

namespace {

// Fetches every ref of `url` into the bare repository at `path` (creating it
// first when `create`), then points HEAD at the remote's default branch.
core::Status fetch_into(const std::string& path, const std::string& url, bool create,
                        Callbacks& state) {
  git_repository* raw = nullptr;
  int rc = create ? git_repository_init(&raw, path.c_str(), 1)
                  : git_repository_open_bare(&raw, path.c_str());
  git::RepositoryPtr repo(raw);
  if (rc != 0) {
    return git::last_error("cannot open the cached mirror (delete it to clone again)", path);
  }
  git_remote* remote_raw = nullptr;
  if (create) {
    // For people looking at the cache: where it came from, without userinfo.
    rc = git_remote_create_with_fetchspec(&remote_raw, repo.get(), "origin",
                                          without_userinfo(url).c_str(), "+refs/*:refs/*");
    git::RemotePtr origin(remote_raw);
    if (rc != 0) {
      return git::last_error("cannot create the mirror's origin remote", path);
    }
  }
  // The transfer uses the URL as given (userinfo included), from a remote
  // that is never written to the mirror's config.
  rc = git_remote_create_anonymous(&remote_raw, repo.get(), url.c_str());
  git::RemotePtr remote(remote_raw);
  if (rc != 0) {
    return git::last_error("cannot fetch into the cached mirror (delete it to clone again)", path);
  }
  char refspec[] = "+refs/*:refs/*";
  char* refspecs[] = {refspec};
  git_strarray fetch_refspecs = {refspecs, 1};
  git_fetch_options fetch = GIT_FETCH_OPTIONS_INIT;
  fetch.prune = GIT_FETCH_PRUNE;
  set_callbacks(fetch.callbacks, state);
  git::prepare_network();  // a failure shows as the fetch's certificate error
  if (git_remote_fetch(remote.get(), &fetch_refspecs, &fetch, nullptr) != 0) {
    return transfer_error(create, url, state);
  }
  follow_remote_head(repo.get(), remote.get());
  return core::ok_status();
}

// A transfer that completed past the budget keeps its mirror (the next run
// fetches from there), but this run's budget for the repository is spent.
core::Result<std::string> within_budget(const std::string& path, const MirrorOptions& options,
                                        const std::string& phase) {
  if (options.deadline.passed()) {
    return core::Error{options.deadline.reason(phase), {}, {}, {}};
  }
  return path;
}

}  // namespace

core::Result<std::string> update_mirror(const std::string& url, const MirrorOptions& options) {
  git::ensure_initialised();
  std::string path = mirror_path(options.cache_dir, url);
  Callbacks state{&options, 0, false};
  std::error_code ec;
  if (fs::exists(fs::path(path) / "HEAD", ec)) {
    auto fetched = fetch_into(path, url, false, state);
    if (!fetched) {
      return fetched.error();
    }
    return within_budget(path, options, "fetching");
  }
  fs::create_directories(options.cache_dir, ec);
  // Clone next to the final place and rename: an interrupted clone never looks like a mirror.
  std::string partial = path + ".partial-" + std::to_string(::getpid());
  fs::remove_all(partial, ec);
  auto fetched = fetch_into(partial, url, true, state);
  if (!fetched) {
    fs::remove_all(partial, ec);
    return fetched.error();
  }
  fs::rename(partial, path, ec);
  if (ec) {
    fs::remove_all(partial, ec);
    return core::Error{"cannot move the new mirror into the cache: " + ec.message(),
                       core::Location{path, 0, 0},
                       "check that --cache is writable",
                       {}};
  }
  return within_budget(path, options, "cloning");
}

}  // namespace nts::org
