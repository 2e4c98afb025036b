#include "org/mirror.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "git/mirror.hpp"
#include "org/url.hpp"

namespace nts::org {
namespace fs = std::filesystem;

namespace {

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

// Fetches into the mirror at `path`; the error says why, in the batch's words.
core::Status fetch_into(const std::string& path, const std::string& url, bool create,
                        const MirrorOptions& options) {
  git::TransferOptions transfer;
  transfer.token = options.token;
  transfer.may_send_token = [&options](const char* request_url) {
    return options.token_scope.allows(request_url);
  };
  transfer.stop = [&options] { return options.deadline.passed(); };
  git::TransferResult result;
  auto fetched = git::fetch_mirror(path, url, without_userinfo(url), create, transfer, result);
  if (fetched) {
    return fetched;
  }
  if (result.stopped) {
    return core::Error{options.deadline.reason(create ? "cloning" : "fetching"), {}, {}, {}};
  }
  core::Error error = fetched.error();
  if (result.token_sent) {
    error.hint =
        "the token from GH_TOKEN / GITHUB_TOKEN was refused or cannot read this repository";
  } else if (error.hint.empty()) {
    error.hint = "check the URL and that this machine can reach it";
  }
  return error;
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
  std::string path = mirror_path(options.cache_dir, url);
  std::error_code ec;
  if (fs::exists(fs::path(path) / "HEAD", ec)) {
    auto fetched = fetch_into(path, url, false, options);
    if (!fetched) {
      return fetched.error();
    }
    return within_budget(path, options, "fetching");
  }
  fs::create_directories(options.cache_dir, ec);
  // Clone next to the final place and rename: an interrupted clone never looks like a mirror.
  std::string partial = path + ".partial-" + std::to_string(::getpid());
  fs::remove_all(partial, ec);
  auto fetched = fetch_into(partial, url, true, options);
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
