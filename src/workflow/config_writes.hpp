#pragma once

// What a shell command writes into npm's or Yarn's configuration while a job
// runs: a config file written with echo/printf/cat/tee (here-documents too),
// or `npm config set`. Credentials (tokens.cpp) and registries (which registry
// a publish goes to, publish.cpp) both start here.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "workflow/shell.hpp"

namespace nts::workflow {

// True for a path npm or Yarn reads configuration from (.npmrc, .yarnrc,
// .yarnrc.yml, $NPM_CONFIG_USERCONFIG).
bool is_config_file(std::string_view path);

// commands[index] writes `text` into the config file `target` (as written:
// `~/.npmrc`, `.npmrc`, `"$NPM_CONFIG_USERCONFIG"`).
struct ConfigFileWrite {
  std::string target;
  std::string text;
};
std::optional<ConfigFileWrite> config_file_write(const std::vector<shell::Command>& commands,
                                                 std::size_t index);

// A registry setting written at run time: `registry=URL` or
// `@scope:registry=URL` into an .npmrc, `npm config set` of either key, or
// `yarn config set` of a Yarn Berry registry key.
// npm reads a project .npmrc (next to package.json, as written relative to the
// command's directory) before the user config (`~/.npmrc`, `npm config set`
// without `--location project`).
struct RegistryWrite {
  // "registry" or "@scope:registry"; for Yarn Berry its own key
  // ("npmPublishRegistry", "npmScopes.acme.npmPublishRegistry", ...).
  std::string key;
  std::string value;  // the URL as written
  bool project = false;
  std::string path;  // project .npmrc relative to the command's directory ("" = user config)
};
std::vector<RegistryWrite> registry_writes(const std::vector<shell::Command>& commands,
                                           std::size_t index);

}  // namespace nts::workflow
