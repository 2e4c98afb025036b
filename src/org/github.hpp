#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "org/repo_result.hpp"
#include "org/url.hpp"

namespace nts::org {

struct GithubOptions {
  std::string api_url = "https://api.github.com";  // GitHub Enterprise Server: https://HOST/api/v3
  std::string org;
  std::string token;  // from GH_TOKEN / GITHUB_TOKEN; sent as a header, never logged
  bool include_archived = false;
  bool include_forks = false;
  long max_wait_seconds = 3600;  // longest rate-limit wait before giving up
  int max_pages = 1000;          // 100,000 repositories; more is a loop or a hostile server
  // How to wait for a rate-limit reset; tests replace it to keep time.
  std::function<void(long seconds)> sleep;
};

struct OrgListing {
  std::vector<std::string> repositories;  // clone URLs, sorted by name
  // Entries whose clone URL is not https (a local path, file://, http://,
  // ssh://): never cloned or scanned in place; each becomes a status-error
  // entry of the report saying why.
  std::vector<RepoResult> refused;
};

// `GET /orgs/{org}/repos?per_page=100&type=all`, every page (Link rel="next"),
// filtered. A rate-limited response (403 or 429 with x-ratelimit-remaining: 0
// or retry-after) prints one line to `log` saying how long it waits and why,
// then waits and retries. Fails on a next link outside the API URL, a page
// seen before (a loop) and more than max_pages pages. The token goes only to
// a secure API URL (is_secure_transport); server text in errors is escaped.
core::Result<OrgListing> list_org_repositories(const GithubOptions& options, std::ostream& log);

// Where GH_TOKEN may go for repositories the listing returned: the API's host,
// and github.com when the API is api.github.com.
TokenScope listing_token_scope(const std::string& api_url);

// The rel="next" URL of an RFC 8288 Link header, if any.
std::optional<std::string> next_link(std::string_view link_header);

}  // namespace nts::org
