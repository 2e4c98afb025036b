// What a person sees when the command line is wrong: the closest option or
// command, help for a bare call, colour control, why an output cannot be
// written, and a warning when `org --dir` finds nothing to scan.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "detect/npm_token.hpp"
#include "report/report.hpp"
#include "report/test_report.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"
#include "util/text.hpp"

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

TEST_CASE("usage: the pre-commit check names the token, and points to `scan` for workflows") {
  test::RepoBuilder repo;
  repo.write(".github/workflows/release.yml",
             "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - run: npm publish\n        env:\n"
             "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n");
  repo.commit("start", "2026-01-01");
  repo.stage("config/.npmrc",
             "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(21) + "\n");
  auto result = test::run_cli({"scan", "--staged", "--format", "text"}, repo.path());
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("config/.npmrc:1:34: high[npm-access-token]") != std::string::npos);
  CHECK(result.out.find("revoke it now") != std::string::npos);
  // The workflow's migration plan is not what this commit is about.
  CHECK(result.out.find("workflow .github/workflows/release.yml") == std::string::npos);
  CHECK(result.out.find("1 workflow publishes to npm; run `npm-token-scan scan` for its migration "
                        "plan.\n") != std::string::npos);
  // A plain scan still shows the plan.
  auto full = test::run_cli({"scan"}, repo.path());
  CHECK(full.out.find("workflow .github/workflows/release.yml") != std::string::npos);
}

TEST_CASE("usage: on a terminal, messages and steps wrap at word boundaries") {
  auto sample = report::test::sample_report();
  auto& job = sample.workflows.front().jobs.front();
  job.advice = {
      "Add permissions id-token write with contents read to job release so that npm "
      "can exchange the workflow's OIDC token for a short-lived publish token"};
  report::RenderOptions options;
  options.width = 60;
  std::ostringstream wrapped;
  report::write_report(wrapped, report::Format::text, sample, options);
  std::istringstream lines(wrapped.str());
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line)) {
    all.push_back(line);
  }
  bool step_continued = false;
  for (std::size_t i = 0; i < all.size(); ++i) {
    INFO(all[i]);
    // Steps, blockers, settings and message continuations fit; quoted source
    // lines and commands are shown whole.
    bool indented = all[i].rfind("    ", 0) == 0;
    bool verbatim = all[i].find(" | ") != std::string::npos || all[i].rfind("    $ ", 0) == 0;
    if (indented && !verbatim) {
      CHECK(util::count_code_points(all[i]) <= 60);
    }
    if (all[i].rfind("    1. Add permissions", 0) == 0) {
      REQUIRE(i + 1 < all.size());
      // The next line continues the step under its text, with a whole word.
      CHECK(all[i + 1].rfind("       ", 0) == 0);
      CHECK(all[i + 1][7] != ' ');
      step_continued = true;
    }
  }
  CHECK(step_continued);
  // Piped (no width): one line per finding and per step.
  std::ostringstream piped;
  report::write_report(piped, report::Format::text, sample, {});
  CHECK(piped.str().find("    1. Add permissions id-token write with contents read to job release "
                         "so that npm can exchange the workflow's OIDC token for a short-lived "
                         "publish token\n") != std::string::npos);
}

TEST_CASE("severity: a hybrid job turns high as npm's bypass-2FA deadline nears") {
  // rules/workflow/deadlines.yaml: 2027-01-01, high from 60 days before.
  test::TempDir dir;
  dir.write(".github/workflows/release.yml",
            "on: push\npermissions:\n  id-token: write\n  contents: read\njobs:\n"
            "  publish:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/setup-node@v4\n        with:\n          node-version: 24\n"
            "      - run: npm publish\n        env:\n"
            "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n");
  auto at = [&](const std::string& today) {
    return test::run_cli({"scan", "--format", "json"}, dir.str(), {"NTS_TODAY=" + today});
  };
  auto hybrid = [](const test::CliResult& result) {
    auto report = nlohmann::json::parse(result.out);
    for (const auto& finding : report["findings"]) {
      if (finding["rule"] == "npm-token-hybrid") {
        return finding;
      }
    }
    return nlohmann::json();
  };
  auto early = at("2026-11-01");  // 61 days before
  CHECK(early.exit_code == 0);    // medium passes the default --fail-on high
  CHECK(hybrid(early)["severity"] == "medium");
  auto near = at("2026-11-02");  // 60 days before
  CHECK(near.exit_code == 1);
  CHECK(hybrid(near)["severity"] == "high");
  CHECK(hybrid(near)["message"].get<std::string>().find("(60 days left)") != std::string::npos);
  auto past = at("2027-02-01");
  CHECK(hybrid(past)["severity"] == "high");
  CHECK(hybrid(past)["message"].get<std::string>().find("that date has come") != std::string::npos);
}
