#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace nts::org {

// A repository URL as it may be shown or stored: `https://user:token@host/x`
// becomes `https://host/x`. The one function every progress line, error,
// report, result file and mirror folder name goes through; only the transfer
// itself sees the URL as given. Other strings (local paths, scp-like
// `git@host:path`, whose user name is no secret) come back unchanged.
std::string without_userinfo(std::string_view url);

// The parts of a `scheme://[userinfo@]host[:port]/…` URL the token policy
// looks at, lower-cased; nullopt for anything else (local paths, scp-like).
struct UrlAuthority {
  std::string scheme;
  std::string host;  // without brackets for IPv6
  std::string port;  // "" when not given
  // "host" or "host:port", as --token-host takes it.
  std::string host_port() const { return port.empty() ? host : host + ":" + port; }
};
std::optional<UrlAuthority> url_authority(std::string_view url);

bool is_loopback_host(std::string_view host);

// https://, or http:// to a loopback address (a server on this machine, as in
// tests): a credential sent there does not cross a network in the clear.
bool is_secure_transport(std::string_view url);

// Where GH_TOKEN may go: over a secure transport to a host in `hosts`
// ("host" matches any port of an https URL; "host:port" that port only).
struct TokenScope {
  std::set<std::string> hosts;
  bool allows(std::string_view url) const;
};

}  // namespace nts::org

namespace nts::org {

// How reports name a repository: `owner/name` from a remote URL in any form
// git accepts (https, ssh, git://, scp-like `git@host:owner/name.git`): the
// path after the host without `.git` and surrounding slashes, every segment
// kept (a GitLab subgroup is part of the name). "" when `url` is not a remote
// URL or its path has fewer than two segments: then callers show the path.
std::string repository_slug(std::string_view url);

}  // namespace nts::org
