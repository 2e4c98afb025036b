#include <algorithm>

#include "util/text.hpp"
#include "workflow/readiness.hpp"

namespace nts::workflow {

RepoSlug parse_github_slug(const std::string& raw) {
  std::string url(util::trim(raw));
  std::string rest;
  for (const char* prefix :
       {"git+https://github.com/", "https://github.com/", "http://github.com/", "git://github.com/",
        "ssh://git@github.com/", "git+ssh://git@github.com/",
        "git@github.com:", "github:", "https://www.github.com/"}) {
    if (util::starts_with_icase(url, prefix)) {
      rest = url.substr(std::string(prefix).size());
      break;
    }
  }
  if (rest.empty()) {
    // npm's shorthand "owner/repo" (no scheme, exactly one slash).
    if (url.find(':') == std::string::npos && std::count(url.begin(), url.end(), '/') == 1) {
      rest = url;
    } else {
      return {};
    }
  }
  auto cut = rest.find_first_of("#?");
  if (cut != std::string::npos) {
    rest.resize(cut);
  }
  while (!rest.empty() && rest.back() == '/') {
    rest.pop_back();
  }
  if (rest.size() > 4 && rest.compare(rest.size() - 4, 4, ".git") == 0) {
    rest.resize(rest.size() - 4);
  }
  auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= rest.size()) {
    return {};
  }
  RepoSlug slug{rest.substr(0, slash), rest.substr(slash + 1)};
  if (slug.name.find('/') != std::string::npos) {
    slug.name.resize(slug.name.find('/'));
  }
  return slug;
}

std::string registry_host(const std::string& raw) {
  std::string url(util::trim(raw));
  auto scheme = url.find("//");
  if (scheme != std::string::npos) {
    url = url.substr(scheme + 2);
  }
  auto end = url.find_first_of("/:");
  return util::to_lower(url.substr(0, end));
}

bool is_npmjs(const Knowledge& k, const std::string& url) {
  if (util::trim(url).empty()) {
    return true;
  }
  auto host = registry_host(url);
  return std::find(k.npmjs_hosts.begin(), k.npmjs_hosts.end(), host) != k.npmjs_hosts.end();
}

bool is_github_packages(const Knowledge& k, const std::string& url) {
  auto host = registry_host(url);
  return !host.empty() && std::find(k.github_packages_hosts.begin(), k.github_packages_hosts.end(),
                                    host) != k.github_packages_hosts.end();
}

RepoSlug repository_slug(const core::RepoView& repo) {
  RepoSlug slug = parse_github_slug(repo.remote_url().value_or(""));
  if (slug.empty()) {
    if (auto root = read_package_json(repo, "")) {
      slug = parse_github_slug(root->repository_url);
    }
  }
  return slug;
}

}  // namespace nts::workflow
