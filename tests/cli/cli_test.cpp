// End-to-end: the real binary on fixtures built at run time; exact outputs are
// pinned in golden files (UPDATE_GOLDENS=1 rewrites them).
#include <unistd.h>

#include <filesystem>

#include "detect/npm_token.hpp"
#include "tests/cli/golden_tree.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

TEST_CASE("scan: text report") {
  test::TempDir dir;
  test::plant_golden_tree(dir);
  auto result = test::run_cli({"scan", ".", "--jobs", "2"}, dir.str());
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK(test::compare_golden(test::cli_golden("scan-text.txt"), result.out).empty());
}

TEST_CASE("scan: JSON report follows the contract") {
  test::TempDir dir;
  test::plant_golden_tree(dir);
  auto result = test::run_cli({"scan", "--format", "json"}, dir.str());
  CHECK(result.exit_code == 1);
  CHECK(test::compare_golden(test::cli_golden("scan-json.json"), result.out).empty());
}

TEST_CASE("scan: --fail-on and --min-confidence decide the exit code") {
  test::TempDir dir;
  test::plant_golden_tree(dir);
  CHECK(test::run_cli({"scan", "--fail-on", "never"}, dir.str()).exit_code == 0);
  dir.write("packages/cli/.npmrc", "registry=https://registry.npmjs.org/\n");
  CHECK(test::run_cli({"scan"}, dir.str()).exit_code == 0);
  CHECK(test::run_cli({"scan", "--fail-on", "info"}, dir.str()).exit_code == 1);
  auto filtered =
      test::run_cli({"scan", "--fail-on", "info", "--min-confidence", "medium"}, dir.str());
  CHECK(filtered.exit_code == 1);  // the reference (high confidence, info) still counts
  CHECK(filtered.out.find("npm-token-placeholder") == std::string::npos);
}

TEST_CASE("scan: a secret's bytes never reach any output") {
  test::TempDir dir;
  auto token = detect::make_npm_token(7);
  dir.write("a/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  for (const char* format : {"text", "json"}) {
    auto result = test::run_cli({"scan", "--format", format}, dir.str());
    CHECK(result.out.find(token.substr(6)) == std::string::npos);
    CHECK(result.err.find(token.substr(6)) == std::string::npos);
  }
}

TEST_CASE("usage errors exit 2 with a message on stderr") {
  auto bad_flag = test::run_cli({"scan", "--fail-on", "sometimes"});
  CHECK(bad_flag.exit_code == 2);
  CHECK(bad_flag.out.empty());
  CHECK(bad_flag.err.rfind("npm-token-scan: error: --fail-on: sometimes not in {", 0) == 0);
  auto missing = test::run_cli({"scan", "/nonexistent/path"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "npm-token-scan: error: /nonexistent/path: no such file or directory\n");
}

TEST_CASE("an invalid rule file is a configuration error naming file, line and column") {
  test::TempDir dir;
  dir.write("rules/broken.yaml",
            "id: broken\ntitle: t\nseverity: high\nconfidence: high\npattrn: x\n");
  auto result = test::run_cli({"scan", ".", "--rules", "rules"}, dir.str());
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "npm-token-scan: error: rules/broken.yaml:5:1: unknown key 'pattrn' (did you mean "
        "'pattern'?)\n"
        "pattrn: x\n"
        "^\n");
}

TEST_CASE("an unreadable file is named on stderr, exit 3, the rest still scanned") {
  test::TempDir dir;
  dir.write("ok/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
  auto locked = dir.write("locked.txt", "secret stuff\n");
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  if (::geteuid() == 0) {
    SUCCEED("running as root: permissions do not stop reads");
    return;
  }
  auto result = test::run_cli({"scan", "--format", "json", "--all-files"}, dir.str());
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("locked.txt: cannot open: Permission denied") != std::string::npos);
  CHECK(result.out.find("npm-token-reference") != std::string::npos);
}

TEST_CASE("rules test passes on the builtin rules, rules list names them") {
  auto test_run = test::run_cli({"rules", "test"});
  CHECK(test_run.exit_code == 0);
  CHECK(test_run.out.find("all pass") != std::string::npos);
  auto list = test::run_cli({"rules", "list"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("npm-access-token") != std::string::npos);
}

TEST_CASE("scan --write-report: every format from one scan, each equal to its own run") {
  test::TempDir dir;
  test::plant_golden_tree(dir);
  test::TempDir out;
  auto json = (out.path() / "r.json").string();
  auto sarif = (out.path() / "r.sarif").string();
  auto markdown = (out.path() / "r.md").string();
  auto both =
      test::run_cli({"scan", ".", "--format", "github", "--write-report", "json=" + json,
                     "--write-report", "sarif=" + sarif, "--write-report", "markdown=" + markdown},
                    dir.str());
  CHECK(both.exit_code == 1);  // --fail-on high, as without --write-report
  CHECK(both.out == test::run_cli({"scan", ".", "--format", "github"}, dir.str()).out);
  for (const auto& [format, file] : std::vector<std::pair<std::string, std::string>>{
           {"json", json}, {"sarif", sarif}, {"markdown", markdown}}) {
    INFO(format);
    CHECK(test::read_file(file) == test::run_cli({"scan", ".", "--format", format}, dir.str()).out);
  }
  auto bad = test::run_cli({"scan", ".", "--write-report", "yaml=x.yaml"}, dir.str());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--write-report: 'yaml=x.yaml' is not FORMAT=FILE") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(std::filesystem::path(dir.str()) / "x.yaml"));
}

TEST_CASE("scan --pre-commit: staged files are --staged, files outside the commit are read whole") {
  test::TempDir dir;
  auto git = [&](const std::vector<std::string>& args) { return test::run_git(args, dir.str()); };
  git({"init", "-q", "-b", "main"});
  auto token = detect::make_npm_token(303);
  dir.write("old/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  dir.write("index.js", "module.exports = 1;\n");
  git({"add", "-A"});
  git({"commit", "-q", "-m", "a token, committed earlier"});
  dir.write("index.js", "module.exports = 2;\n");
  git({"add", "index.js"});
  // A commit: pre-commit hands over the staged files; the old token is not the commit's.
  auto commit = test::run_cli({"scan", "--pre-commit", "--", "index.js"}, dir.str());
  INFO(commit.out << commit.err);
  CHECK(commit.exit_code == 0);
  // run --all-files: every file, not all staged: read whole, the old token found.
  auto all = test::run_cli({"scan", "--pre-commit", "--", "index.js", "old/.npmrc"}, dir.str());
  INFO(all.out << all.err);
  CHECK(all.exit_code == 1);
  CHECK(all.out.find("old/.npmrc:1:") != std::string::npos);
  CHECK(all.out.find(token.substr(8)) == std::string::npos);
  // A staged token is found in commit mode too.
  dir.write("new/.npmrc", "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(304) + "\n");
  git({"add", "new/.npmrc"});
  auto added = test::run_cli({"scan", "--pre-commit", "--", "index.js", "new/.npmrc"}, dir.str());
  CHECK(added.exit_code == 1);
  CHECK(added.out.find("new/.npmrc:1:") != std::string::npos);
  // Several paths without --pre-commit stay a usage error.
  CHECK(test::run_cli({"scan", "a", "b"}, dir.str()).exit_code == 2);
}
