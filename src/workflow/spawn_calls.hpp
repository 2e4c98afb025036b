#pragma once

// Commands that a script in a language the analysis does not parse (Python,
// Ruby, Perl, PHP, Go) starts: the string literals given to one of its
// process-spawning calls (`subprocess.run(["npm", "publish"])`,
// `system("npm publish")`, `exec.Command("npm", "publish")`). Only literals
// count: a command assembled at run time is not seen.

#include <string>
#include <string_view>
#include <vector>

namespace nts::workflow {

struct SpawnedCommand {
  std::string command;  // a shell command line (argv literals joined by spaces)
  int line = 0;         // 1-based line of the call
};

// `calls` are the spawning functions' names as written (`subprocess.run`,
// `system`); a name matches only as a whole word, after a `.` or not.
std::vector<SpawnedCommand> spawned_commands(std::string_view text,
                                             const std::vector<std::string>& calls);

}  // namespace nts::workflow
