#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workflow/knowledge.hpp"
#include "workflow/shell.hpp"
#include "workflow/version.hpp"

namespace nts::workflow {

// What one simple command does, as far as npm publishing is concerned.
struct CommandMatch {
  enum class Kind { none, publish, precheck, token_command, script, npm_upgrade, cd };
  Kind kind = Kind::none;
  const CommandPattern* pattern = nullptr;  // publish, precheck and token_command
  bool dry_run = false;
  std::string version_pin;  // `npx npm@11 publish` -> "11"
  // The release tool's own pin: `npx semantic-release@24` -> {"semantic-release", "24"}.
  std::string tool_pin_name;
  std::string tool_pin;
  std::string registry;   // --registry value
  std::string script;     // kind script: the package.json script name
  std::string runner;     // kind script: "npm run", "yarn"...
  bool implicit = false;  // kind script: `yarn X` / `pnpm X` (X may be a binary instead)
  std::vector<std::string> script_args;  // kind script: words after the script name
  std::string filter;                    // kind script: `pnpm --filter F` / `yarn workspace W`
  Requirement upgrade;                   // kind npm_upgrade
  std::string directory;                 // kind cd; or `--prefix`/`--cwd`/`-C` of the command
  bool workspaces = false;     // -r, --recursive, --workspaces, -ws: publishes many packages
  bool nx_target = false;      // kind script: an Nx target (project.json or package.json script)
  std::size_t first_word = 0;  // index in the effective argv where the program starts
};

// Classifies an effective argv (see shell::effective). Launchers such as
// `npx`, `pnpm dlx`, `npm exec` are looked through; `yarn workspaces foreach`
// `pnpm -r exec`, `lerna exec --` and `yarn workspace W …` are followed into
// the command they run.
CommandMatch match_command(const std::vector<shell::Word>& argv, const Knowledge& k);

}  // namespace nts::workflow
