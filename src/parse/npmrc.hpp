#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

// One `${...}` reference in a config value. npm expands `${NAME}` and
// `${NAME?}`; Yarn also `${NAME:-fallback}` and `${NAME-fallback}`, whose
// fallback is used whenever NAME is unset: a fallback is literal text from the
// file, and may well be a credential.
struct EnvReference {
  std::string name;
  std::size_t offset = 0;           // of "${" in the value
  std::size_t length = 0;           // through the closing "}"
  std::size_t fallback_offset = 0;  // in the value; meaningful when fallback_length > 0
  std::size_t fallback_length = 0;
};

// Every reference in `value`, in order (an escaped `\${` is literal text, as npm reads it).
std::vector<EnvReference> find_env_references(std::string_view value);

// The byte ranges of `value` that are literal text: everything outside the
// references' `${NAME}` syntax, fallbacks included. Ranges are [offset, offset + length).
std::vector<std::pair<std::size_t, std::size_t>> literal_parts(
    std::string_view value, const std::vector<EnvReference>& references);

// The variable names referenced (a bare $NAME is not expanded by npm and is not a reference).
std::vector<std::string> env_references(std::string_view value);

// True when the whole value is one ${NAME} reference (possibly with ?), without a fallback.
bool is_env_reference(std::string_view value);

}  // namespace nts::parse
