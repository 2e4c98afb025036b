#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace nts::parse {

// An auth setting in a Yarn config: `npmAuthToken`/`npmAuthIdent` in
// .yarnrc.yml (top level, npmScopes.<scope>, npmRegistries.<url>), or an
// `_authToken`/`_auth`/`_password` line in Yarn 1's .yarnrc.
struct YarnAuthEntry {
  std::string where;  // "npmScopes.acme", "npmRegistries.//registry.npmjs.org", "" (top level)
  std::string key;    // npmAuthToken, npmAuthIdent, _authToken, ...
  std::string value;  // as Yarn reads it (YAML escapes decoded, lines joined)
  std::size_t value_offset = 0;  // byte offset of the value as written in the text
  std::size_t value_length = 0;  // bytes of the value as written (quotes included when encoded)
  bool encoded = false;          // the written bytes differ from `value` (escapes, continuations)
  int line = 0;
};

// Fails only on YAML that does not parse; the error names line and column.
core::Result<std::vector<YarnAuthEntry>> parse_yarnrc_yml(std::string_view text);
std::vector<YarnAuthEntry> parse_yarnrc(std::string_view text);

// The registry settings of a .yarnrc.yml that decide where Yarn Berry's
// `yarn npm publish` goes (empty when unset).
struct YarnRegistries {
  std::string publish_registry;  // npmPublishRegistry
  std::string registry_server;   // npmRegistryServer
  std::map<std::string, std::string>
      scope_publish_registry;  // npmScopes.<scope>.npmPublishRegistry
};
// Fails only on YAML that does not parse (or over the YAML limits).
core::Result<YarnRegistries> parse_yarnrc_registries(std::string_view text);

}  // namespace nts::parse
