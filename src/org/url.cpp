#include "org/url.hpp"

#include <algorithm>
#include <cctype>

namespace nts::org {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// [begin, end) of the authority in `url`, after "scheme://"; nullopt without a scheme.
std::optional<std::pair<std::size_t, std::size_t>> authority_range(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < scheme_end; ++i) {
    char c = url[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return std::nullopt;
    }
  }
  std::size_t begin = scheme_end + 3;
  std::size_t end = url.find_first_of("/?#", begin);
  return std::pair{begin, end == std::string_view::npos ? url.size() : end};
}

}  // namespace

std::string without_userinfo(std::string_view url) {
  auto range = authority_range(url);
  if (!range) {
    return std::string(url);
  }
  auto [begin, end] = *range;
  auto at = url.substr(begin, end - begin).rfind('@');
  if (at == std::string_view::npos) {
    return std::string(url);
  }
  return std::string(url.substr(0, begin)) + std::string(url.substr(begin + at + 1));
}

std::optional<UrlAuthority> url_authority(std::string_view url) {
  auto range = authority_range(url);
  if (!range) {
    return std::nullopt;
  }
  auto [begin, end] = *range;
  std::string_view authority = url.substr(begin, end - begin);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  UrlAuthority out;
  out.scheme = lower(url.substr(0, url.find("://")));
  if (!authority.empty() && authority.front() == '[') {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    out.host = lower(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty() && authority.front() == ':') {
      out.port = std::string(authority.substr(1));
    } else if (!authority.empty()) {
      return std::nullopt;
    }
  } else {
    auto colon = authority.rfind(':');
    out.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      out.port = std::string(authority.substr(colon + 1));
    }
  }
  if (out.host.empty()) {
    return std::nullopt;
  }
  return out;
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

bool is_secure_transport(std::string_view url) {
  auto authority = url_authority(url);
  return authority && (authority->scheme == "https" ||
                       (authority->scheme == "http" && is_loopback_host(authority->host)));
}

bool TokenScope::allows(std::string_view url) const {
  if (!is_secure_transport(url)) {
    return false;
  }
  auto authority = url_authority(url);
  return hosts.count(authority->host_port()) > 0 ||
         (authority->scheme == "https" && hosts.count(authority->host) > 0);
}

}  // namespace nts::org

namespace nts::org {

std::string repository_slug(std::string_view url) {
  std::string_view path;
  if (auto range = authority_range(url)) {
    if (url.substr(0, 7) == "file://") {
      return {};  // a local repository: its path is its name
    }
    path = url.substr(range->second);
  } else if (auto colon = url.find(':'); colon != std::string_view::npos && colon > 0 &&
                                         url.find('/') > colon && url.substr(colon).size() > 1) {
    path = url.substr(colon + 1);  // scp-like user@host:owner/name
  } else {
    return {};
  }
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.front() == '/') {
    path.remove_prefix(1);
  }
  while (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }
  if (path.size() > 4 && path.substr(path.size() - 4) == ".git") {
    path.remove_suffix(4);
  }
  auto slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
    return {};
  }
  return std::string(path);
}

}  // namespace nts::org
