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

bool is_npmjs(const std::string& url) {
  if (util::trim(url).empty()) {
    return true;
  }
  auto host = registry_host(url);
  return host == "registry.npmjs.org" || host == "registry.npmjs.com" ||
         host == "registry.yarnpkg.com";
}

}  // namespace nts::workflow
