#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nts::workflow::tasks {

// One thing a task runs, in order: a shell command line, or another task of
// the same file (a prerequisite, `task: x`, a justfile dependency).
struct TaskStep {
  int line = 0;           // 1-based, in the file the task is defined in
  std::string command;    // set for a command
  std::string task;       // set for another task
  std::string include;    // Taskfile: the included file the task lives in ("" = this one)
  std::string directory;  // Taskfile `dir:` of the include or task ("" = the file's)
};

struct Task {
  bool found = false;
  int line = 0;  // of its definition
  std::vector<TaskStep> steps;
};

// `make X`: the rule for X (prerequisites first, then the recipe lines, with
// the `@`/`-`/`+` prefixes dropped). A missing target is not found.
Task makefile_target(std::string_view makefile, const std::string& target);

// The default goal of a Makefile (its first target) for a bare `make`.
std::string makefile_default(std::string_view makefile);

// `just X`: the recipe X (dependencies first, then its lines). A bare `just`
// runs the first recipe (`default` when defined).
Task justfile_recipe(std::string_view justfile, const std::string& recipe);

// `task X` in a Taskfile.yml: `deps:` then `cmds:` (strings, `cmd:` and
// `task:` entries). `ns:name` of an `includes:` entry is returned as a step
// with `include` set to the included Taskfile's path (relative to this file's
// directory) and `task` to the name inside it.
Task taskfile_task(std::string_view taskfile, const std::string& name);

}  // namespace nts::workflow::tasks
