// What a person sees when the command line is wrong: the closest option or
// command, help for a bare call, colour control, why an output cannot be
// written, and a warning when `org --dir` finds nothing to scan.
#include <filesystem>

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

bool coloured(const std::string& text) {
  return text.find("\x1b[") != std::string::npos;
}

}  // namespace

TEST_CASE("usage: a misspelt option is named with the closest one, not blamed on the path") {
  test::TempDir dir;
  auto result = test::run_cli({"scan", "--fromat", "json", "."}, dir.str());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "npm-token-scan: error: unknown option '--fromat' for 'scan' (did you mean --format?)\n"
        "Run 'npm-token-scan scan --help' for usage.\n");
  auto with_value = test::run_cli({"scan", "--fail-onn=high"}, dir.str());
  CHECK(with_value.exit_code == 2);
  CHECK(with_value.err.find("unknown option '--fail-onn' for 'scan' (did you mean --fail-on?)") !=
        std::string::npos);
  // Nothing close: named, no guess.
  auto far = test::run_cli({"scan", "--zzzzzzzz"}, dir.str());
  CHECK(far.exit_code == 2);
  CHECK(far.err.find("unknown option '--zzzzzzzz' for 'scan'\n") != std::string::npos);
  // After `--` an argument is a path, whatever it looks like.
  auto after_dashes = test::run_cli({"scan", "--", "--fromat"}, dir.str());
  CHECK(after_dashes.err.find("unknown option") == std::string::npos);
}

TEST_CASE("usage: a bare call prints the commands, a misspelt command its closest one") {
  auto bare = test::run_cli({});
  CHECK(bare.exit_code == 2);
  CHECK(bare.out.empty());
  CHECK(bare.err.find("Subcommands:") != std::string::npos);
  CHECK(bare.err.find("scan") != std::string::npos);
  auto misspelt = test::run_cli({"sacn", "."});
  CHECK(misspelt.exit_code == 2);
  CHECK(misspelt.err ==
        "npm-token-scan: error: unknown command 'sacn' (did you mean scan?)\n"
        "Run 'npm-token-scan --help' for usage.\n");
}

TEST_CASE("usage: --color, FORCE_COLOR and NO_COLOR in their documented order") {
  test::TempDir dir;
  dir.write("a/.npmrc", "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(9) + "\n");
  // stdout is a file here, so `auto` means no colour.
  CHECK_FALSE(coloured(test::run_cli({"scan"}, dir.str()).out));
  CHECK(coloured(test::run_cli({"scan"}, dir.str(), {"FORCE_COLOR=1"}).out));
  CHECK_FALSE(coloured(test::run_cli({"scan"}, dir.str(), {"FORCE_COLOR=0"}).out));
  CHECK_FALSE(coloured(test::run_cli({"scan"}, dir.str(), {"FORCE_COLOR=1", "NO_COLOR=1"}).out));
  CHECK(coloured(test::run_cli({"scan", "--color", "always"}, dir.str(), {"NO_COLOR=1"}).out));
  CHECK_FALSE(
      coloured(test::run_cli({"scan", "--color", "never"}, dir.str(), {"FORCE_COLOR=1"}).out));
  CHECK_FALSE(coloured(test::run_cli({"scan", "--no-color"}, dir.str(), {"FORCE_COLOR=1"}).out));
  // Colour never reaches the other formats.
  CHECK_FALSE(
      coloured(test::run_cli({"scan", "--format", "json", "--color", "always"}, dir.str()).out));
  auto both = test::run_cli({"scan", "--no-color", "--color", "always"}, dir.str());
  CHECK(both.exit_code == 2);
  auto bad = test::run_cli({"scan", "--color", "sometimes"}, dir.str());
  CHECK(bad.exit_code == 2);
}

TEST_CASE("usage: -o into a missing folder says why") {
  test::TempDir dir;
  dir.write("src/index.js", "module.exports = 1;\n");
  auto result = test::run_cli({"scan", "-o", "/nonexistent/dir/out.json"}, dir.str());
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("/nonexistent/dir/out.json") != std::string::npos);
  CHECK(result.err.find("No such file or directory") != std::string::npos);
}

TEST_CASE("usage: org --dir over a folder without a repository warns and exits 3") {
  test::TempDir dir;
  dir.write("notes/readme.txt", "not a repository\n");
  auto result =
      test::run_cli({"org", "--dir", dir.str(), "--jobs", "1", "--cache", dir.str() + "/c"});
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("warning: " + dir.str() + ": no git repository found below this folder") !=
        std::string::npos);
}
