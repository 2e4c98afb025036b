// What a pull request controls, end to end through `scan --range` (the
// Action's pull-request mode): every commit of the range is scanned, not only
// the final diff; the baseline and a --rules directory inside the repository
// are BASE's; rules from the repository never replace a leak rule; an inline
// ignore the change adds does not wave a leak through; inline ignores are
// counted in every report.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

std::string npmrc_with(const std::string& token) {
  return "//registry.npmjs.org/:_authToken=" + token + "\n";
}

nlohmann::json scan_json(const RepoBuilder& repo, std::vector<std::string> args,
                         test::CliResult* raw = nullptr) {
  std::vector<std::string> argv = {"scan", "--format", "json", "--fail-on", "never"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(".");
  auto result = test::run_cli(argv, repo.path());
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  if (raw != nullptr) {
    *raw = result;
  }
  return nlohmann::json::parse(result.out);
}

// The findings of the rule that reports an npm token.
nlohmann::json leaks_in(const nlohmann::json& report) {
  auto out = nlohmann::json::array();
  for (const auto& finding : report["findings"]) {
    if (finding["rule"] == "npm-access-token") {
      out.push_back(finding);
    }
  }
  return out;
}

// A repository whose main branch is the pull request's BASE, with a
// `feature` branch checked out for the change.
struct PullRequest {
  RepoBuilder repo;
  PullRequest() {
    repo.write("README.md", "hello\n");
    repo.commit("base", "2024-01-01");
    repo.branch("feature");
    repo.checkout("feature");
  }
  static std::vector<std::string> range() { return {"--range", "main..feature"}; }
};

const char* const k_quiet_override =
    "id: npm-access-token\n"
    "title: quiet\n"
    "description: replaces the builtin rule with one that never matches\n"
    "severity: info\n"
    "confidence: low\n"
    "keywords: [\"zzzz_never\"]\n"
    "pattern: 'zzzz_never_(?P<secret>x)'\n"
    "message: nothing\n"
    "help: nothing\n"
    "examples:\n"
    "  match: ['zzzz_never_x']\n"
    "  no_match: ['abc']\n";

}  // namespace

TEST_CASE("pull request: a token one commit adds and a later one removes is reported") {
  PullRequest pr;
  std::string token = detect::make_npm_token(71);
  pr.repo.write(".npmrc", npmrc_with(token));
  std::string added = pr.repo.commit("add a token", "2024-01-02");
  pr.repo.write(".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
  pr.repo.commit("oops, take it out again", "2024-01-03");

  auto report = scan_json(pr.repo, PullRequest::range());
  INFO(report.dump(2));
  auto findings = leaks_in(report);  // the ${NPM_TOKEN} left behind is an info finding
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["path"] == ".npmrc");
  CHECK(findings[0]["commit"] == added);
  CHECK(findings[0]["still_present"] == false);
  CHECK(findings[0]["message"].get<std::string>().find("stays in the pushed history") !=
        std::string::npos);
}

TEST_CASE("pull request: a token still present keeps its line's commit, each blob read once") {
  PullRequest pr;
  std::string token = detect::make_npm_token(72);
  pr.repo.write("config/.npmrc", npmrc_with(token));
  std::string added = pr.repo.commit("add a token", "2024-01-02");
  pr.repo.write("config/.npmrc", "# comment\n" + npmrc_with(token));
  pr.repo.commit("move it down", "2024-01-03");

  auto report = scan_json(pr.repo, PullRequest::range());
  INFO(report.dump(2));
  auto& findings = report["findings"];
  REQUIRE(findings.size() == 1);  // one secret, one finding: the head's copy
  CHECK(findings[0]["still_present"] == true);
  CHECK(findings[0]["line"] == 2);
  CHECK(findings[0]["commit"] == added);
}

TEST_CASE("pull request: a blob the base already holds is not new to the range") {
  RepoBuilder repo;
  std::string old_token = detect::make_npm_token(73);
  repo.write("legacy/.npmrc", npmrc_with(old_token));
  repo.commit("base with an old token", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");
  repo.write("legacy/.npmrc", "registry=https://registry.npmjs.org/\n");
  repo.commit("drop it", "2024-01-02");
  repo.write("legacy/.npmrc", npmrc_with(old_token));  // back to BASE's blob
  repo.commit("restore", "2024-01-03");
  repo.write("legacy/.npmrc", "registry=https://registry.npmjs.org/\n");
  repo.commit("drop it again", "2024-01-04");
  auto report = scan_json(repo, {"--range", "main..feature"});
  CHECK(report["findings"].empty());
}

TEST_CASE("pull request: the baseline inside the repository is BASE's, not the change's") {
  PullRequest pr;
  std::string token = detect::make_npm_token(74);
  pr.repo.write(".npmrc", npmrc_with(token));
  pr.repo.commit("add a token", "2024-01-02");
  // The change accepts its own token: fingerprints can be computed offline.
  auto written = test::run_cli(
      {"scan", "--write-baseline", "baseline.json", "--fail-on", "never", "--format", "json", "."},
      pr.repo.path());
  REQUIRE(written.exit_code == 0);
  pr.repo.write("baseline.json", test::read_file(pr.repo.path() + "/baseline.json"));
  pr.repo.commit("accept it", "2024-01-03");

  // Work-tree scans still obey the checked-out baseline (the user's own).
  CHECK(scan_json(pr.repo, {"--baseline", "baseline.json"})["findings"].empty());
  test::CliResult raw;
  auto report =
      scan_json(pr.repo, {"--range", "main..feature", "--baseline", "baseline.json"}, &raw);
  INFO(report.dump(2));
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["rule"] == "npm-access-token");
  CHECK(raw.err.find("main:baseline.json") != std::string::npos);
  CHECK(raw.err.find("no baseline in the range's base") != std::string::npos);
}

TEST_CASE("pull request: a baseline in BASE still accepts what it lists") {
  RepoBuilder repo;
  std::string token = detect::make_npm_token(75);
  repo.write("README.md", "hello\n");
  repo.commit("base", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");
  repo.write(".npmrc", npmrc_with(token));
  repo.commit("add a token", "2024-01-02");
  auto written = test::run_cli(
      {"scan", "--write-baseline", "baseline.json", "--fail-on", "never", "--format", "json", "."},
      repo.path());
  REQUIRE(written.exit_code == 0);
  std::string accepted = test::read_file(repo.path() + "/baseline.json");
  repo.checkout("main");
  repo.write("baseline.json", accepted);  // the maintainers accepted it on main
  repo.commit("accept on main", "2024-01-03");
  repo.checkout("feature");
  auto report = scan_json(repo, {"--range", "main...feature", "--baseline", "baseline.json"});
  CHECK(report["findings"].empty());
}

TEST_CASE("pull request: rule files from the scanned repository never replace a leak rule") {
  RepoBuilder repo;
  std::string token = detect::make_npm_token(76);
  repo.write(".npmrc", npmrc_with(token));
  repo.write("ci-rules/npm-access-token.yaml", k_quiet_override);
  repo.commit("quiet the leak rule", "2024-01-01");
  auto result =
      test::run_cli({"scan", "--format", "json", "--rules", "ci-rules", "."}, repo.path());
  INFO(result.out);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("would replace a leak rule") != std::string::npos);
  CHECK(result.err.find("ci-rules/npm-access-token.yaml") != std::string::npos);
  // The user's own directory outside the repository may still override a rule.
  test::TempDir own;
  own.write("npm-access-token.yaml", k_quiet_override);
  auto outside = test::run_cli(
      {"scan", "--format", "json", "--fail-on", "never", "--rules", own.str(), "."}, repo.path());
  CHECK(outside.exit_code == 0);
}

TEST_CASE("pull request: a --rules directory inside the repository is read from BASE") {
  PullRequest pr;
  std::string token = detect::make_npm_token(77);
  pr.repo.write(".npmrc", npmrc_with(token));
  // A rule the change brings: BASE does not have it, so the range scan does not load it.
  pr.repo.write("ci-rules/custom-marker.yaml",
                "id: custom-marker\n"
                "title: custom marker\n"
                "description: a marker only this change defines\n"
                "severity: high\n"
                "confidence: high\n"
                "keywords: [\"MARKER_\"]\n"
                "pattern: 'MARKER_(?P<secret>[0-9]{8})'\n"
                "message: marker\n"
                "help: marker\n"
                "examples:\n"
                "  match: ['MARKER_12345678']\n"
                "  no_match: ['MARKER_x']\n");
  pr.repo.write("notes.txt", "MARKER_12345678\n");
  pr.repo.commit("bring a rule", "2024-01-02");
  auto head = scan_json(pr.repo, {"--rules", "ci-rules"});
  // A work-tree scan is the owner's own view: the checked-out rules apply.
  bool marker_found = false;
  for (const auto& finding : head["findings"]) {
    marker_found = marker_found || finding["rule"] == "custom-marker";
  }
  CHECK(marker_found);
  auto report = scan_json(pr.repo, {"--range", "main..feature", "--rules", "ci-rules"});
  INFO(report.dump(2));
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["rule"] == "npm-access-token");
}

TEST_CASE("pull request: an inline ignore the change adds does not suppress a leak rule") {
  PullRequest pr;
  std::string token = detect::make_npm_token(78);
  pr.repo.write("deploy.sh",
                "export NPM_TOKEN=" + token + "  # npm-token-scan: ignore[npm-access-token]\n");
  pr.repo.commit("wave it through", "2024-01-02");
  // A work-tree scan honours the comment, and counts it.
  auto worktree = scan_json(pr.repo, {});
  CHECK(worktree["findings"].empty());
  CHECK(worktree["stats"]["inline_ignored"] == 1);

  test::CliResult raw;
  auto report = scan_json(pr.repo, PullRequest::range(), &raw);
  INFO(report.dump(2));
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["rule"] == "npm-access-token");
  CHECK(report["findings"][0]["message"].get<std::string>().find(
            "was added by this change and does not suppress a leak rule") != std::string::npos);
  CHECK(report["stats"]["inline_ignored"] == 0);
  bool noted = false;
  for (const auto& issue : report["errors"]) {
    noted =
        noted || (issue["kind"] == "note" && issue["path"] == "deploy.sh" &&
                  issue["message"].get<std::string>().find("not honoured") != std::string::npos);
  }
  CHECK(noted);
}

TEST_CASE("pull request: an inline ignore already in BASE still suppresses, and is counted") {
  RepoBuilder repo;
  repo.write("deploy.sh", "# npm-token-scan: ignore[npm-access-token]\n");
  repo.commit("base", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");
  std::string token = detect::make_npm_token(79);
  repo.write("deploy.sh", "# npm-token-scan: ignore[npm-access-token]\nexport T=" + token + "\n");
  repo.commit("use the reviewed exception", "2024-01-02");
  auto report = scan_json(repo, {"--range", "main..feature"});
  CHECK(report["findings"].empty());
  CHECK(report["stats"]["inline_ignored"] == 1);
  for (const char* format : {"markdown", "text"}) {
    auto shown = test::run_cli(
        {"scan", "--format", format, "--fail-on", "never", "--range", "main..feature", "."},
        repo.path());
    INFO(shown.out);
    CHECK(shown.out.find("1 ignored by inline") != std::string::npos);
  }
}
