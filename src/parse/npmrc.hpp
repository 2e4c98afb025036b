#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::parse {

// One `key=value` line of an .npmrc (npm's INI dialect). Offsets are byte
// offsets into the parsed text, so findings can point at the exact value.
struct NpmrcEntry {
  int line = 0;       // 1-based
  std::string scope;  // "//registry.npmjs.org/" for "//registry.npmjs.org/:_authToken", else ""
  std::string key;    // "_authToken", "registry", "@acme:registry", ...
  std::string value;  // unquoted
  std::size_t key_offset = 0;
  std::size_t value_offset = 0;             // of the first byte of the value (inside quotes)
  std::vector<std::string> env_references;  // NAME for each ${NAME} or ${NAME?} in the value
};

struct NpmrcFile {
  std::vector<NpmrcEntry> entries;
  const NpmrcEntry* find(std::string_view key) const;
};

// Never fails: lines that are not `key=value` are skipped (npm ignores them too).
NpmrcFile parse_npmrc(std::string_view text);

// The variable names referenced as ${NAME} / ${NAME?} (npm's env substitution;
// a bare $NAME is not expanded by npm and is not a reference).
std::vector<std::string> env_references(std::string_view value);

// True when the whole value is one ${NAME} reference (possibly with ?).
bool is_env_reference(std::string_view value);

}  // namespace nts::parse
