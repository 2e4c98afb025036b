#include "tests/hostile/hostile_support.hpp"

#include <algorithm>
#include <sstream>

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"

namespace nts::test::hostile {

std::string control_npmrc(const std::string& token) {
  return "//registry.npmjs.org/:_authToken=" + token + "\n";
}

Outcome scan_with(const std::function<void(const TempDir&)>& plant,
                  std::vector<std::string> extra_args) {
  TempDir dir;
  Outcome outcome;
  outcome.token = detect::make_npm_token(9001);
  dir.write("control/.npmrc", control_npmrc(outcome.token));
  plant(dir);
  std::vector<std::string> args = {"scan", "--all-files"};
  if (std::find(extra_args.begin(), extra_args.end(), "--format") == extra_args.end()) {
    args.insert(args.end(), {"--format", "json"});
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  args.push_back(".");
  outcome.result = run_cli(args, dir.str());
  return outcome;
}

Outcome scan_dir(const TempDir& dir, const std::string& token, std::vector<std::string> args) {
  Outcome outcome;
  outcome.token = token;
  outcome.result = run_cli(args, dir.str());
  return outcome;
}

Outcome scan_repository(const std::string& repo_path, const std::string& token,
                        const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"scan", "--format", "json"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(".");
  Outcome outcome;
  outcome.token = token;
  outcome.result = run_cli(argv, repo_path);
  return outcome;
}

void expect_intact(const Outcome& outcome) {
  INFO(outcome.result.err);
  CHECK(outcome.result.out.find("\"path\": \"control/.npmrc\"") != std::string::npos);
  CHECK(outcome.result.out.find(outcome.token.substr(6)) == std::string::npos);
  CHECK(outcome.result.err.find(outcome.token.substr(6)) == std::string::npos);
  CHECK(outcome.result.exit_code != 2);
  CHECK(outcome.result.exit_code < 128);  // no signal
}

std::string workflow_with(const std::string& steps) {
  return "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n" + steps;
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string each; std::getline(in, each);) {
    if (each == line) {
      return true;
    }
  }
  return false;
}

}  // namespace nts::test::hostile
