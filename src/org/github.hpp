#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace nts::org {

struct GithubOptions {
  std::string api_url = "https://api.github.com";  // GitHub Enterprise Server: https://HOST/api/v3
  std::string org;
  std::string token;  // from GH_TOKEN / GITHUB_TOKEN; sent as a header, never logged
  bool include_archived = false;
  bool include_forks = false;
  long max_wait_seconds = 3600;  // longest rate-limit wait before giving up
  // How to wait for a rate-limit reset; tests replace it to keep time.
  std::function<void(long seconds)> sleep;
};

// `GET /orgs/{org}/repos?per_page=100&type=all`, every page (Link rel="next"),
// filtered; returns clone URLs sorted by name. A rate-limited response (403 or
// 429 with x-ratelimit-remaining: 0 or retry-after) prints one line to `log`
// saying how long it waits and why, then waits and retries.
core::Result<std::vector<std::string>> list_org_repositories(const GithubOptions& options,
                                                             std::ostream& log);

// The rel="next" URL of an RFC 8288 Link header, if any.
std::optional<std::string> next_link(std::string_view link_header);

}  // namespace nts::org
