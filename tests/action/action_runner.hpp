#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace nts::test {

// Runs the composite action in action.yml the way the GitHub runner does: inputs
// with their defaults, each `run:` step as `bash --noprofile --norc -eo pipefail`
// with its `env:` expressions evaluated, GITHUB_OUTPUT per step, GITHUB_ENV-free,
// GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH, RUNNER_TEMP and GITHUB_WORKSPACE set.
// `uses:` steps are simulated: actions/cache restores the freshly built binary
// when `warm_cache` is set (a cache hit), upload-sarif records the file it
// would upload.
struct ActionRun {
  std::map<std::string, std::string> inputs;
  std::string event_name;
  std::string event_json;
  std::filesystem::path workspace;
  bool warm_cache = true;
  std::filesystem::path action_path;  // the action's folder; empty: this source tree
  std::vector<std::string> env;       // more NAME=VALUE for every step (the job's env:)
  std::filesystem::path runner_temp;  // RUNNER_TEMP; empty: a fresh folder for this run
};

struct ActionResult {
  int exit_code = 0;                           // of the first failing step, else 0
  std::string annotations;                     // what the steps printed on stdout
  std::string log;                             // stderr of every step
  std::string summary;                         // GITHUB_STEP_SUMMARY
  std::map<std::string, std::string> outputs;  // the action's outputs
  std::vector<std::string> uploaded_sarif;
  std::vector<std::string> expressions_in_scripts;  // `${{` inside run: (must stay empty)
  std::vector<std::string> steps_run;               // ids of the steps that ran, in order
};

ActionResult run_action(const ActionRun& run);

}  // namespace nts::test
