#pragma once

#include <functional>
#include <map>
#include <set>
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

// Where a call sits: the innermost local function around it ("" at the top
// level) and the option properties that must be set for it to run: inside
// `if (opts.publish) { … }`, or after `if (!opts.publish) return …`.
struct Scope {
  std::string function;
  std::vector<std::string> options;
};

struct ShellCall {
  int line = 0;         // 1-based
  std::string command;  // a shell command line; unknown `${…}` parts are left empty
  Guards guards;
  Scope scope;
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
  Scope scope;
  std::map<std::string, bool> options;  // literal booleans in its arguments (`publish: false`)
};

// Who calls a function of the script: only its own calls by name, also an
// importer (exported), or anyone (passed as a value: a callback, an object).
enum class Callers { local, exported, anyone };

// A call of one of the script's own functions: `release({ publish: false })`.
struct LocalCall {
  int line = 0;
  std::string function;
  Guards guards;
  Scope scope;
  std::map<std::string, bool> options;
};

// True when `args` (the words the script was run with) meet every guard.
bool reachable(const Guards& guards, const std::vector<std::string>& args);

struct ScriptReading {
  std::vector<ShellCall> commands;
  std::vector<Import> imports;
  std::vector<ApiCall> api_calls;
  std::vector<LocalCall> local_calls;
  // The script's functions and who may call them besides the calls by name.
  std::map<std::string, Callers> functions;
  // Option names set to anything but a literal false outside call arguments:
  // their value where they are tested is not known.
  std::set<std::string> options_set;
};

// The option flags known to be off inside `function` of a script: those that
// every call able to reach it passes as a literal false. Calls are the
// script's own reachable calls of the function (`runs` decides a call's
// command-line guards) and, when the function may be called from elsewhere
// and the script was imported, `from_importer`: the options every reachable
// call into this module passes as false (null for the script a command runs,
// which nothing else calls). Anything not known stays on, so that the
// resolver never misses a publish it cannot rule out.
std::set<std::string> options_off(const ScriptReading& reading, const std::string& function,
                                  const std::set<std::string>* from_importer,
                                  const std::function<bool(const Guards&)>& runs);

// The options a call passes as literal false.
std::set<std::string> passed_false(const std::map<std::string, bool>& options);

// False when the scope requires an option that is off.
bool options_allow(const Scope& scope, const std::set<std::string>& off);

// `dirname`: what `__dirname` / `import.meta.dirname` stand for in commands
// (a path relative to where the script runs). Never fails: text that is not
// JavaScript yields what could be recognised.
ScriptReading read_script(std::string_view source, const std::string& dirname);

}  // namespace nts::workflow::js
