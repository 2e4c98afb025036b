#pragma once

#include <string>
#include <vector>

namespace nts::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the real npm-token-scan binary with `args` in `cwd`, with GITHUB_*,
// RUNNER_*, CI and NO_COLOR removed from the environment so that running the
// suite inside CI does not change the output; `env` adds NAME=VALUE entries.
CliResult run_cli(const std::vector<std::string>& args, const std::string& cwd = ".",
                  const std::vector<std::string>& env = {}, const std::string& stdin_text = {});

// Runs any program the same way (argv[0] is a path), for harnesses.
CliResult run_command(const std::vector<std::string>& argv, const std::string& cwd = ".",
                      const std::vector<std::string>& env = {}, const std::string& stdin_text = {});

// Runs the git program (/usr/bin/git) with `args` in `cwd`, as a user whose
// name and e-mail are set, for tests that drive a repository as people do.
CliResult run_git(const std::vector<std::string>& args, const std::string& cwd);

// Runs the real binary with stderr on a pseudo-terminal `columns` wide (raw
// mode, so `err` holds exactly the bytes the program wrote to the terminal);
// stdout goes to a file as in run_cli.
CliResult run_cli_tty(const std::vector<std::string>& args, unsigned short columns,
                      const std::string& cwd = ".", const std::vector<std::string>& env = {});

// The binary under test: NTS_TEST_BINARY when set (scripts/test-sanitize.sh
// points it at the ThreadSanitizer build), else the one this build made.
std::string binary_path();

}  // namespace nts::test
