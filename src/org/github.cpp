#include "org/github.hpp"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "org/http.hpp"
#include "util/text.hpp"

namespace nts::org {
namespace {

constexpr int k_max_rate_limit_retries = 5;

// Seconds to wait when `response` says the rate limit is exhausted; nullopt when it is another
// error.
std::optional<long> rate_limit_wait(const HttpResponse& response) {
  if (response.status != 403 && response.status != 429) {
    return std::nullopt;
  }
  auto header = [&](const char* name) -> std::optional<std::string> {
    auto it = response.headers.find(name);
    return it == response.headers.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  try {
    if (auto retry_after = header("retry-after")) {
      return std::max(0L, std::stol(*retry_after));
    }
    auto remaining = header("x-ratelimit-remaining");
    if (remaining && *remaining == "0") {
      auto reset = header("x-ratelimit-reset");
      long now = static_cast<long>(std::time(nullptr));
      // One second past the reset: GitHub's clock and ours may differ by a little.
      return reset ? std::max(0L, std::stol(*reset) - now + 1) : 60L;
    }
  } catch (const std::exception&) {
    return 60L;  // unparsable header: wait a minute, which GitHub documents as the secondary-limit
                 // default
  }
  return std::nullopt;
}

// The server's own message, escaped and cut: it reaches stderr, where a
// newline or a leading "::" would forge lines or runner commands.
std::string api_message(const HttpResponse& response) {
  auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (doc.is_object() && doc.contains("message") && doc["message"].is_string()) {
    std::string message = doc["message"].get<std::string>();
    constexpr std::size_t k_longest = 300;
    if (message.size() > k_longest) {
      message = message.substr(0, k_longest) + "...";
    }
    return util::escape_control(message);
  }
  return {};
}

core::Error listing_error(std::string message, const std::string& url, std::string hint) {
  return core::Error{std::move(message),
                     core::Location{util::escape_control(without_userinfo(url)), 0, 0},
                     std::move(hint),
                     {}};
}

}  // namespace

std::optional<std::string> next_link(std::string_view header) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto open = header.find('<', pos);
    auto close = header.find('>', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      return std::nullopt;
    }
    auto end = header.find(',', close);
    std::string_view params = header.substr(
        close + 1, end == std::string_view::npos ? std::string_view::npos : end - close - 1);
    if (params.find("rel=\"next\"") != std::string_view::npos ||
        params.find("rel=next") != std::string_view::npos) {
      return std::string(header.substr(open + 1, close - open - 1));
    }
    if (end == std::string_view::npos) {
      break;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

TokenScope listing_token_scope(const std::string& api_url) {
  TokenScope scope;
  if (auto authority = url_authority(api_url)) {
    scope.hosts.insert(authority->scheme == "https" ? authority->host : authority->host_port());
    if (authority->scheme == "https" && authority->host == "api.github.com") {
      scope.hosts.insert("github.com");
    }
  }
  return scope;
}

core::Result<OrgListing> list_org_repositories(const GithubOptions& options, std::ostream& log) {
  std::string api = options.api_url;
  while (!api.empty() && api.back() == '/') {
    api.pop_back();
  }
  if (!options.token.empty() && !is_secure_transport(api)) {
    return listing_error("--api-url is not https: GH_TOKEN would travel unencrypted", api,
                         "use the https:// URL of the API");
  }
  // Clone URLs must be https; plain http only when the API itself is a
  // loopback http server (a test), never a local path or file://.
  const bool api_is_https = url_authority(api) && url_authority(api)->scheme == "https";
  auto clone_url_refused = [&](const std::string& clone_url) -> std::string {
    auto authority = url_authority(clone_url);
    if (authority && authority->scheme == "https") {
      return {};
    }
    if (!api_is_https && authority && authority->scheme == "http" &&
        is_loopback_host(authority->host)) {
      return {};
    }
    return "not scanned: the GitHub API gave a clone URL that is not https:// (a local path, "
           "file://, http:// or ssh:// URL in a listing is never cloned or scanned in place)";
  };
  std::vector<std::string> headers = {"Accept: application/vnd.github+json",
                                      "X-GitHub-Api-Version: 2022-11-28",
                                      "User-Agent: npm-token-scan"};
  if (!options.token.empty()) {
    headers.push_back("Authorization: Bearer " + options.token);
  }
  std::vector<std::pair<std::string, std::string>> found;  // name, clone URL
  OrgListing listing;
  std::optional<std::string> url = api + "/orgs/" + options.org + "/repos?per_page=100&type=all";
  std::set<std::string> visited;
  int retries = 0;
  while (url) {
    if (visited.count(*url) == 0) {
      if (static_cast<int>(visited.size()) >= options.max_pages) {
        return listing_error(
            "the GitHub API listing has more than " + std::to_string(options.max_pages) + " pages",
            *url, "check --api-url; an organisation this large needs --repos");
      }
      visited.insert(*url);
    }
    auto response = http_get(*url, headers);
    if (!response) {
      return response.error();
    }
    if (auto wait = rate_limit_wait(*response)) {
      if (*wait > options.max_wait_seconds || ++retries > k_max_rate_limit_retries) {
        return core::Error{"GitHub API rate limit reached; the reset is " + std::to_string(*wait) +
                               " s away, more than --max-wait " +
                               std::to_string(options.max_wait_seconds) + " s",
                           core::Location{*url, 0, 0},
                           "run again later, raise --max-wait, or set GH_TOKEN for a higher limit",
                           {}};
      }
      std::time_t until = std::time(nullptr) + *wait;
      char when[32] = {};
      std::strftime(when, sizeof when, "%H:%M:%S UTC", std::gmtime(&until));
      log << "npm-token-scan: GitHub API rate limit reached (HTTP " << response->status
          << "); waiting " << *wait << " s until " << when << ", then continuing\n"
          << std::flush;
      if (options.sleep) {
        options.sleep(*wait);
      } else {
        std::this_thread::sleep_for(std::chrono::seconds(*wait));
      }
      continue;
    }
    if (response->status != 200) {
      std::string hint = response->status == 404
                             ? "check the organisation name; a private organisation needs GH_TOKEN "
                               "with read access"
                         : response->status == 401 ? "GH_TOKEN / GITHUB_TOKEN is invalid or expired"
                                                   : "check --api-url and the token's scopes";
      std::string message = api_message(*response);
      return core::Error{"GitHub API answered HTTP " + std::to_string(response->status) +
                             (message.empty() ? "" : ": " + message) + " for organisation '" +
                             options.org + "'",
                         core::Location{*url, 0, 0},
                         hint,
                         {}};
    }
    auto page = nlohmann::json::parse(response->body, nullptr, false);
    if (!page.is_array()) {
      return core::Error{"GitHub API answered with something that is not a list of repositories",
                         core::Location{*url, 0, 0},
                         "check --api-url",
                         {}};
    }
    for (const auto& repo : page) {
      if (!repo.is_object() || !repo.contains("clone_url") || !repo["clone_url"].is_string()) {
        continue;
      }
      if (!options.include_archived && repo.value("archived", false)) {
        continue;
      }
      if (!options.include_forks && repo.value("fork", false)) {
        continue;
      }
      std::string clone_url = repo["clone_url"].get<std::string>();
      if (auto why = clone_url_refused(clone_url); !why.empty()) {
        listing.refused.push_back(failed_result(without_userinfo(clone_url), why));
        continue;
      }
      std::string name = repo.contains("full_name") && repo["full_name"].is_string()
                             ? repo["full_name"].get<std::string>()
                             : clone_url;
      found.emplace_back(std::move(name), std::move(clone_url));
    }
    auto link = response->headers.find("link");
    url = link == response->headers.end() ? std::nullopt : next_link(link->second);
    // The token goes with every request: never follow a link to another server.
    if (url && url->rfind(api + "/", 0) != 0) {
      return listing_error("GitHub API pagination points outside --api-url", *url,
                           "check --api-url (it must be the URL the API itself links to)");
    }
    if (url && visited.count(*url) > 0) {
      return listing_error("GitHub API pagination loops back to a page already read", *url,
                           "check --api-url; a GitHub API never links back");
    }
  }
  std::sort(found.begin(), found.end());
  for (auto& entry : found) {
    listing.repositories.push_back(std::move(entry.second));
  }
  return listing;
}

}  // namespace nts::org
