#include "scan/git_scan.hpp"

#include <filesystem>

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/repo_builder.hpp"
#include "workflow/analyze.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

core::ScanReport run(const RepoBuilder& repo, scan::GitMode mode, const std::string& range = "",
                     const scan::SnapshotAnalysis& analysis = nullptr) {
  scan::GitScanOptions options;
  options.path = repo.path();
  options.mode = mode;
  options.range = range;
  auto report = scan::scan_git(options, test::builtin_detector(), analysis);
  REQUIRE(report.ok());
  return std::move(report).value();
}

std::vector<const core::Finding*> of_rule(const core::ScanReport& report, const std::string& rule) {
  std::vector<const core::Finding*> out;
  for (const core::Finding& finding : report.findings) {
    if (finding.rule_id == rule) {
      out.push_back(&finding);
    }
  }
  return out;
}

// The workflow analysis as the CLI wires it, minus the masking.
void analyse(const core::RepoView& snapshot, const detect::Detector& detector,
             core::ScanReport& report) {
  auto analysis = workflow::analyze_repository(snapshot, detector.rules());
  report.workflows = std::move(analysis.workflows);
  report.findings = std::move(analysis.findings);
}

// A job that runs `command` with an npm token in its environment.
std::string token_publish_workflow(const std::string& job,
                                   const std::string& command = "npm publish") {
  return "on: push\njobs:\n  " + job +
         ":\n    runs-on: ubuntu-latest\n    steps:\n      - run: " + command +
         "\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
}

}  // namespace

TEST_CASE("git scan: a deleted token is reported once, not present, with its commit") {
  std::string token = detect::make_npm_token(31);
  RepoBuilder repo;
  repo.write("README.md", "hello\n");
  repo.commit("start", "2024-01-01");
  repo.write("deploy.sh", "export NPM_TOKEN=" + token + "\n");
  std::string added = repo.commit("add deploy script", "2024-01-02");
  repo.write("deploy.sh", "echo deploying\nexport NPM_TOKEN=" + token + "\n");
  repo.commit("edit around it", "2024-01-03");
  repo.remove("deploy.sh");
  repo.commit("remove it", "2024-01-04");

  core::ScanReport report = run(repo, scan::GitMode::history);
  CHECK(report.target.mode == "history");
  auto leaks = of_rule(report, "npm-access-token");
  REQUIRE(leaks.size() == 1);
  CHECK(leaks[0]->location.path == "deploy.sh");
  CHECK(leaks[0]->commit == added);
  CHECK_FALSE(leaks[0]->still_present);
  CHECK(leaks[0]->message.find("revoke it") != std::string::npos);
}

TEST_CASE("git scan: staged and range findings carry only new lines") {
  std::string old_token = detect::make_npm_token(32);
  std::string new_token = detect::make_npm_token(33);
  RepoBuilder repo;
  repo.write("deploy.sh", "export NPM_TOKEN=" + old_token + "\n");
  repo.commit("start", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");
  repo.write("deploy.sh",
             "export NPM_TOKEN=" + old_token + "\nexport NPM_TOKEN2=" + new_token + "\n");
  std::string commit = repo.commit("second token", "2024-01-02");

  core::ScanReport range = run(repo, scan::GitMode::range, "main..feature");
  auto leaks = of_rule(range, "npm-access-token");
  REQUIRE(leaks.size() == 1);
  CHECK(leaks[0]->location.line == 2);
  CHECK(leaks[0]->commit == commit);
  CHECK(leaks[0]->still_present);

  std::string staged_token = detect::make_npm_token(34);
  repo.stage("deploy.sh", "export NPM_TOKEN=" + old_token + "\nexport NPM_TOKEN2=" + new_token +
                              "\nmore\nexport NPM_TOKEN3=" + staged_token + "\n");
  core::ScanReport staged = run(repo, scan::GitMode::staged);
  auto staged_leaks = of_rule(staged, "npm-access-token");
  REQUIRE(staged_leaks.size() == 1);  // lines 1 and 2 are unchanged since HEAD
  CHECK(staged_leaks[0]->location.line == 4);
  CHECK_FALSE(staged_leaks[0]->commit.has_value());
  CHECK(staged_leaks[0]->still_present);
}

TEST_CASE("git scan: staged and range report only the workflow findings the change introduces") {
  RepoBuilder repo;
  repo.write(".github/workflows/release.yml", token_publish_workflow("publish"));
  repo.write("package.json", "{\"name\": \"pkg\"}\n");
  repo.commit("release with a token", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");

  SECTION("a change elsewhere: no workflow finding, nothing analysed when staged") {
    repo.stage("src/index.js", "export {};\n");
    core::ScanReport staged = run(repo, scan::GitMode::staged, "", analyse);
    CHECK(staged.findings.empty());
    CHECK(staged.workflows.empty());  // the hook's fast path: nothing it reads changed

    repo.write("src/index.js", "export {};\n");
    repo.commit("code only", "2024-01-02");
    core::ScanReport range = run(repo, scan::GitMode::range, "main..feature", analyse);
    CHECK(range.findings.empty());
    REQUIRE(range.workflows.size() == 1);  // still listed, for the job summary
    CHECK(range.workflows[0].path == ".github/workflows/release.yml");
  }

  SECTION("a new token-based publish job is reported, the old one is not") {
    repo.stage(".github/workflows/second.yml", token_publish_workflow("again"));
    core::ScanReport staged = run(repo, scan::GitMode::staged, "", analyse);
    auto publish = of_rule(staged, "npm-token-publish");
    REQUIRE(publish.size() == 1);
    CHECK(publish[0]->location.path == ".github/workflows/second.yml");
    CHECK(staged.workflows.size() == 2);

    repo.write(".github/workflows/second.yml", token_publish_workflow("again"));
    repo.commit("second release job", "2024-01-02");
    core::ScanReport range = run(repo, scan::GitMode::range, "main..feature", analyse);
    auto added = of_rule(range, "npm-token-publish");
    REQUIRE(added.size() == 1);
    CHECK(added[0]->location.path == ".github/workflows/second.yml");
  }

  SECTION("the history mode reports every workflow finding at HEAD") {
    auto publish = of_rule(run(repo, scan::GitMode::history, "", analyse), "npm-token-publish");
    CHECK(publish.size() == 1);
  }
}

TEST_CASE("git scan: a change to a script a workflow runs from anywhere re-runs the analysis") {
  RepoBuilder repo;
  repo.write(".github/workflows/release.yml",
             token_publish_workflow("release", "node deploy/publish.mjs"));
  repo.write("package.json", "{\"name\": \"pkg\"}\n");
  repo.write("deploy/publish.mjs", "console.log('nothing to publish yet')\n");
  repo.commit("release job that does not publish yet", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");
  // Outside the tooling folders: the by-name rule alone does not see it.
  REQUIRE_FALSE(workflow::analysis_reads("deploy/publish.mjs"));
  const std::string publishes =
      "import { execSync } from 'node:child_process'\n"
      "execSync('npm publish', { stdio: 'inherit' })\n";

  SECTION("the script starts publishing with the token: the job is reported") {
    repo.stage("deploy/publish.mjs", publishes);
    core::ScanReport staged = run(repo, scan::GitMode::staged, "", analyse);
    auto publish = of_rule(staged, "npm-token-publish");
    REQUIRE(publish.size() == 1);
    CHECK(publish[0]->location.path == ".github/workflows/release.yml");
    CHECK(staged.workflows.size() == 1);

    repo.write("deploy/publish.mjs", publishes);
    repo.commit("publish from the script", "2024-01-02");
    auto range =
        of_rule(run(repo, scan::GitMode::range, "main..feature", analyse), "npm-token-publish");
    CHECK(range.size() == 1);
  }

  SECTION("a code change answers from the cached read set, which never hides the script") {
    int runs = 0;
    scan::SnapshotAnalysis counted = [&](const core::RepoView& snapshot,
                                         const detect::Detector& detector,
                                         core::ScanReport& report) {
      ++runs;
      analyse(snapshot, detector, report);
    };
    repo.stage("src/index.js", "export {};\n");
    CHECK(run(repo, scan::GitMode::staged, "", counted).findings.empty());
    CHECK(runs == 1);  // nothing cached yet: the analysis ran and recorded its reads
    CHECK(std::filesystem::exists(repo.gitdir() + "/npm-token-scan/analysis-reads"));
    repo.stage("src/index.js", "export const changed = 1;\n");
    core::ScanReport cached = run(repo, scan::GitMode::staged, "", counted);
    CHECK(cached.findings.empty());
    CHECK(cached.workflows.empty());
    CHECK(runs == 1);  // answered from the cache

    repo.stage("deploy/publish.mjs", publishes);
    CHECK(of_rule(run(repo, scan::GitMode::staged, "", counted), "npm-token-publish").size() == 1);
    CHECK(runs == 3);  // the staged tree and, for what is new, HEAD

    // A workflow committed since the cache was written runs another script:
    // the cache no longer describes the snapshot and is not trusted.
    repo.stage("deploy/publish.mjs", "console.log('nothing to publish yet')\n");
    CHECK(run(repo, scan::GitMode::staged, "", counted).findings.empty());
    repo.write(".github/workflows/nightly.yml",
               token_publish_workflow("nightly", "node app/nightly.mjs"));
    repo.write("app/nightly.mjs", "console.log('nightly')\n");
    repo.commit("nightly job", "2024-01-03");
    repo.stage("app/nightly.mjs", publishes);
    core::ScanReport after_commit = run(repo, scan::GitMode::staged, "", counted);
    auto nightly = of_rule(after_commit, "npm-token-publish");
    REQUIRE(nightly.size() == 1);
    CHECK(nightly[0]->location.path == ".github/workflows/nightly.yml");
  }

  SECTION("a script no workflow runs changes nothing, even when it publishes") {
    repo.stage("deploy/other.mjs", publishes);
    core::ScanReport staged = run(repo, scan::GitMode::staged, "", analyse);
    CHECK(of_rule(staged, "npm-token-publish").empty());
    CHECK(staged.workflows.empty());
  }
}

TEST_CASE("git scan: a first commit's workflow findings are all new") {
  RepoBuilder repo;
  repo.stage(".github/workflows/release.yml", token_publish_workflow("publish"));
  auto publish = of_rule(run(repo, scan::GitMode::staged, "", analyse), "npm-token-publish");
  CHECK(publish.size() == 1);
}

namespace {

// A GitLab job that writes an npm token into .npmrc, then publishes.
std::string gitlab_token_job(const std::string& job) {
  return job +
         ":\n  image: node:20\n  script:\n"
         "    - echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc\n"
         "    - npm publish\n";
}

// A CircleCI config whose `publish` job does the same when `publishes`.
std::string circleci_config(bool publishes) {
  std::string publish_steps =
      publishes ? "      - run: echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc\n"
                  "      - run: npm publish\n"
                : "      - run: npm pack\n";
  return "version: 2.1\njobs:\n  publish:\n    docker:\n      - image: cimg/node:20.11\n"
         "    steps:\n      - checkout\n" +
         publish_steps + "workflows:\n  release:\n    jobs:\n      - publish\n";
}

}  // namespace

TEST_CASE("git scan: a GitLab or CircleCI pipeline change is analysed as a workflow change") {
  RepoBuilder repo;
  repo.write("package.json", "{\"name\": \"pkg\"}\n");
  repo.write(".gitlab-ci.yml",
             "include:\n  - local: ci/release.yml\n\n" + gitlab_token_job("publish-stable"));
  repo.write("ci/release.yml", "lint:\n  image: node:20\n  script:\n    - npm run lint\n");
  repo.write(".circleci/config.yml", circleci_config(false));
  repo.commit("pipelines; one GitLab job already publishes with a token", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");
  // The hook's fast path is warm: a code change records what the analysis reads.
  repo.stage("src/index.js", "export {};\n");
  REQUIRE(run(repo, scan::GitMode::staged, "", analyse).findings.empty());

  struct Change {
    std::string path;
    std::string content;
  };
  const std::vector<Change> changes = {
      {".gitlab-ci.yml", "include:\n  - local: ci/release.yml\n\n" +
                             gitlab_token_job("publish-stable") + "\n" +
                             gitlab_token_job("publish-next")},
      {"ci/release.yml", "lint:\n  image: node:20\n  script:\n    - npm run lint\n\n" +
                             gitlab_token_job("publish-next")},
      {".circleci/config.yml", circleci_config(true)},
  };
  for (const auto& change : changes) {
    DYNAMIC_SECTION("a token publish added to " << change.path) {
      repo.stage(change.path, change.content);
      core::ScanReport staged = run(repo, scan::GitMode::staged, "", analyse);
      auto publish = of_rule(staged, "npm-token-publish");
      // The new job only: the GitLab job HEAD already had is not the change's.
      REQUIRE(publish.size() == 1);
      CHECK(publish[0]->location.path == change.path);

      repo.write(change.path, change.content);
      repo.commit("publish with a token", "2024-01-02");
      core::ScanReport range = run(repo, scan::GitMode::range, "main..feature", analyse);
      auto added = of_rule(range, "npm-token-publish");
      REQUIRE(added.size() == 1);
      CHECK(added[0]->location.path == change.path);
    }
  }
}
