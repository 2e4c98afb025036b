#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nts::workflow::js {

// What a JavaScript/TypeScript release script runs, read without running it:
// the shell commands it hands to child_process, execa, zx or Bun.$, the
// modules it imports (relative ones are followed by the resolver) and the
// calls it makes into a release tool's programmatic API.
// The command-line flags an `if` around a call tests (`if
// (args.includes('--release'))`): each inner list is one condition, met when
// the script was given any of its flags.
using Guards = std::vector<std::vector<std::string>>;

struct ShellCall {
  int line = 0;         // 1-based
  std::string command;  // a shell command line; unknown `${…}` parts are left empty
  Guards guards;
};

struct Import {
  int line = 0;
  std::string module;  // as written: "./release-tasks", "nx/release", "child_process"
  bool bound = false;  // names were imported (their calls are api_calls); else run for effect
};

struct ApiCall {
  int line = 0;
  std::string module;     // the module the callee was imported from
  std::string function;   // "releasePublish", "release.publish", "default"
  std::string arguments;  // the call's argument text, for `dryRun: true` / `registry:`
  Guards guards;
};

// True when `args` (the words the script was run with) meet every guard.
bool reachable(const Guards& guards, const std::vector<std::string>& args);

struct ScriptReading {
  std::vector<ShellCall> commands;
  std::vector<Import> imports;
  std::vector<ApiCall> api_calls;
};

// `dirname`: what `__dirname` / `import.meta.dirname` stand for in commands
// (a path relative to where the script runs). Never fails: text that is not
// JavaScript yields what could be recognised.
ScriptReading read_script(std::string_view source, const std::string& dirname);

}  // namespace nts::workflow::js
