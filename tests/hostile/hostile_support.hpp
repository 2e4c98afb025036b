#pragma once

// Shared by the hostile-input tests: each plants something nasty next to a
// control token and checks that the scan says clearly what it could not read,
// never crashes or hangs, never prints a secret, and still finds the control
// token.
#include <functional>
#include <string>
#include <vector>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace nts::test::hostile {

struct Outcome {
  CliResult result;
  std::string token;  // the control token planted in control/.npmrc
};

// The file every hostile tree holds: an .npmrc with a generated token.
std::string control_npmrc(const std::string& token);

// Runs `scan --all-files --format json` (then `extra_args`, which may name
// another format) on a tree holding the control token and whatever `plant` adds.
Outcome scan_with(const std::function<void(const TempDir&)>& plant,
                  std::vector<std::string> extra_args = {});

// Runs `args` (a scan of `dir`, which holds control/.npmrc with `token`) and
// returns the outcome.
Outcome scan_dir(const TempDir& dir, const std::string& token, std::vector<std::string> args);

// `scan --format json ARGS .` in the repository at `repo_path`, which holds
// control/.npmrc with `token`.
Outcome scan_repository(const std::string& repo_path, const std::string& token,
                        const std::vector<std::string>& args);

// The control token was found (JSON report), no secret reached stdout or
// stderr, no usage error and no signal.
void expect_intact(const Outcome& outcome);

// A workflow with one job and `steps` (YAML lines indented for the steps list).
std::string workflow_with(const std::string& steps);

// True when some stderr line is exactly `line`.
bool has_line(const std::string& text, const std::string& line);

}  // namespace nts::test::hostile
