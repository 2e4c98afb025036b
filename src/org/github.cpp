#include "org/github.hpp"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "org/http.hpp"

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

std::string api_message(const HttpResponse& response) {
  auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (doc.is_object() && doc.contains("message") && doc["message"].is_string()) {
    return doc["message"].get<std::string>();
  }
  return {};
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

core::Result<std::vector<std::string>> list_org_repositories(const GithubOptions& options,
                                                             std::ostream& log) {
  std::string api = options.api_url;
  while (!api.empty() && api.back() == '/') {
    api.pop_back();
  }
  std::vector<std::string> headers = {"Accept: application/vnd.github+json",
                                      "X-GitHub-Api-Version: 2022-11-28",
                                      "User-Agent: npm-token-scan"};
  if (!options.token.empty()) {
    headers.push_back("Authorization: Bearer " + options.token);
  }
  std::vector<std::pair<std::string, std::string>> found;  // name, clone URL
  std::optional<std::string> url = api + "/orgs/" + options.org + "/repos?per_page=100&type=all";
  int retries = 0;
  while (url) {
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
      found.emplace_back(repo.value("full_name", repo["clone_url"].get<std::string>()),
                         repo["clone_url"].get<std::string>());
    }
    auto link = response->headers.find("link");
    url = link == response->headers.end() ? std::nullopt : next_link(link->second);
    // The token goes with every request: never follow a link to another server.
    if (url && url->rfind(api + "/", 0) != 0) {
      return core::Error{"GitHub API pagination points outside --api-url",
                         core::Location{*url, 0, 0},
                         "check --api-url (it must be the URL the API itself links to)",
                         {}};
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& entry : found) {
    out.push_back(std::move(entry.second));
  }
  return out;
}

}  // namespace nts::org
