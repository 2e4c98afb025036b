// End-to-end tests of the repository config (.npm-token-scan.yaml) through the
// real binary: what it leaves out, what it may not, and which config each
// scan mode reads (docs/configuration.md).
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "detect/npm_token.hpp"
#include "tests/cli/golden_tree.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

const char* const k_token_workflow =
    "on: {push: {tags: ['v*']}}\n"
    "jobs:\n"
    "  publish:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - uses: actions/setup-node@v4\n"
    "        with: {node-version: 22, registry-url: 'https://registry.npmjs.org'}\n"
    "      - run: npm publish\n"
    "        env:\n"
    "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";

std::string npmrc_with(std::uint64_t seed) {
  return "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(seed) + "\n";
}

std::vector<std::string> rules_of(const std::string& json_report) {
  std::vector<std::string> out;
  auto doc = nlohmann::json::parse(json_report);
  for (const auto& finding : doc["findings"]) {
    out.push_back(finding["rule"].get<std::string>() + " " + finding["path"].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("config: an ignore entry leaves a workflow finding out, and says so") {
  test::TempDir dir;
  dir.write(".github/workflows/release.yml", k_token_workflow);
  dir.write(".github/workflows/canary.yml", k_token_workflow);
  dir.write("packages/cli/.npmrc", npmrc_with(301));
  dir.write(".npm-token-scan.yaml",
            "version: 1\n"
            "ignore:\n"
            "  - paths: [.github/workflows/canary.yml]\n"
            "    rules: [npm-token-publish]\n"
            "    reason: canary builds move to trusted publishing with the next release\n");
  auto text = test::run_cli({"scan", "--no-color"}, dir.str());
  CHECK(text.exit_code == 1);  // the token and release.yml are still reported
  CHECK(text.err ==
        "npm-token-scan: note: .npm-token-scan.yaml: 1 finding left out: ignored by this "
        "repository config\n");
  CHECK(test::compare_golden(test::cli_golden("config-ignore.txt"), text.out).empty());

  auto json = test::run_cli({"scan", "--format", "json"}, dir.str());
  auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["stats"]["ignored_by_config"] == 1);
  // Only what the entry names: canary.yml keeps its other finding.
  CHECK(rules_of(json.out) ==
        std::vector<std::string>{"bypass-2fa-deadline .github/workflows/canary.yml",
                                 "bypass-2fa-deadline .github/workflows/release.yml",
                                 "npm-token-publish .github/workflows/release.yml",
                                 "npm-access-token packages/cli/.npmrc"});
}

TEST_CASE("config: disable-rules switches off a workflow rule, never a leak rule") {
  test::TempDir dir;
  dir.write(".github/workflows/release.yml", k_token_workflow);
  dir.write(".npm-token-scan.yaml", "disable-rules: [npm-token-publish, bypass-2fa-deadline]\n");
  auto clean = test::run_cli({"scan", "--format", "json"}, dir.str());
  CHECK(clean.exit_code == 0);
  CHECK(rules_of(clean.out).empty());

  dir.write(".npmrc", npmrc_with(302));
  dir.write(".npm-token-scan.yaml",
            "version: 1\n"
            "disable-rules:\n"
            "  - npm-token-publish\n"
            "  - npm-access-token\n");
  auto refused = test::run_cli({"scan"}, dir.str());
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err ==
        "npm-token-scan: error: .npm-token-scan.yaml:4:5: 'npm-access-token' is a leak rule; a "
        "repository config may not switch it off\n"
        "  - npm-access-token\n"
        "    ^\n"
        "to accept a reviewed false positive, list its paths in the ignore entry, or use "
        "--baseline FILE or an inline `npm-token-scan: ignore[npm-access-token]` comment\n");
}

TEST_CASE("config: malformed YAML and unknown keys are configuration errors") {
  test::TempDir dir;
  dir.write("src/index.js", "module.exports = 1;\n");
  dir.write(".npm-token-scan.yaml", "ignore:\n  - paths: [docs\n");
  auto malformed = test::run_cli({"scan"}, dir.str());
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.rfind("npm-token-scan: error: .npm-token-scan.yaml:3:1: invalid YAML: ", 0) ==
        0);

  dir.write(".npm-token-scan.yaml", "ignore:\n  - path: docs\n    reason: r\n");
  auto unknown = test::run_cli({"scan"}, dir.str());
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err ==
        "npm-token-scan: error: .npm-token-scan.yaml:2:5: unknown key 'path' (did you mean "
        "'paths'?)\n"
        "  - path: docs\n"
        "    ^\n");
}

TEST_CASE("config: a scan of a subfolder reads the root's config, globs from the root") {
  RepoBuilder repo;
  repo.write("packages/cli/test/.npmrc", npmrc_with(303));
  repo.write("packages/cli/.npmrc", npmrc_with(304));
  repo.write(".npm-token-scan.yaml",
             "ignore:\n"
             "  - paths: [packages/cli/test]\n"
             "    rules: [npm-access-token]\n"
             "    reason: test fixtures\n");
  repo.commit("init", "2024-01-01");
  auto sub = test::run_cli({"scan", "packages/cli", "--format", "json"}, repo.path());
  CHECK(sub.exit_code == 1);
  CHECK(rules_of(sub.out) == std::vector<std::string>{"npm-access-token .npmrc"});
  CHECK(sub.err ==
        "npm-token-scan: note: .npm-token-scan.yaml: 1 finding left out: ignored by this "
        "repository config\n");
  auto history = test::run_cli({"scan", "--history", "--format", "json"}, repo.path());
  CHECK(rules_of(history.out) == std::vector<std::string>{"npm-access-token packages/cli/.npmrc"});
}

TEST_CASE("config: a range scan reads BASE's config, never the pull request's") {
  RepoBuilder repo;
  repo.write("README.md", "# widgets\n");
  std::string base = repo.commit("init", "2024-01-01");
  repo.branch("pr");
  repo.checkout("pr");
  // The pull request adds a token and a config that ignores it (in its own
  // file, as a config may): the work tree now holds both.
  repo.write("deploy/.npmrc", npmrc_with(305));
  repo.write(".npm-token-scan.yaml",
             "ignore:\n"
             "  - paths: [deploy/.npmrc]\n"
             "    rules: [npm-access-token]\n"
             "    reason: not a real token, trust me\n");
  std::string head = repo.commit("add deploy config", "2024-01-02");
  auto range =
      test::run_cli({"scan", "--range", base + ".." + head, "--format", "json"}, repo.path());
  CHECK(range.exit_code == 1);
  CHECK(range.err.empty());
  CHECK(rules_of(range.out) == std::vector<std::string>{"npm-access-token deploy/.npmrc"});
  // The work-tree scan of the same checkout obeys the file on disk.
  CHECK(test::run_cli({"scan"}, repo.path()).exit_code == 0);

  // Once the target branch itself carries that config, it applies to pull requests.
  repo.checkout("main");
  repo.write(".npm-token-scan.yaml",
             "ignore:\n"
             "  - paths: [deploy/.npmrc]\n"
             "    rules: [npm-access-token]\n"
             "    reason: reviewed, a revoked token kept for the deploy tests\n");
  std::string reviewed = repo.commit("reviewed config", "2024-01-03");
  auto accepted = test::run_cli({"scan", "--range", reviewed + ".." + head}, repo.path());
  CHECK(accepted.exit_code == 0);
  CHECK(accepted.err == "npm-token-scan: note: " + reviewed +
                            ":.npm-token-scan.yaml: 1 finding left out: ignored by this "
                            "repository config\n");

  // A broken config in the pull request does not matter either; one in BASE does.
  repo.checkout("pr");
  repo.write(".npm-token-scan.yaml", "disable-rules: [npm-access-token]\n");
  std::string broken_head = repo.commit("try harder", "2024-01-04");
  CHECK(test::run_cli({"scan", "--range", base + ".." + broken_head}, repo.path()).exit_code == 1);
}

TEST_CASE("config: org applies each repository's own config from HEAD") {
  namespace fs = std::filesystem;
  test::TempDir root;
  RepoBuilder app;
  app.write(".github/workflows/release.yml", k_token_workflow);
  app.write(".npm-token-scan.yaml", "disable-rules: [npm-token-publish, bypass-2fa-deadline]\n");
  app.commit("release", "2024-01-01");
  RepoBuilder lib(RepoBuilder::Kind::bare);
  lib.write(".npmrc", npmrc_with(306));
  lib.write(".npm-token-scan.yaml", "disable-rules: [npm-access-token]\n");
  lib.commit("npmrc", "2024-01-01");
  fs::copy(app.path(), root.path() / "app", fs::copy_options::recursive);
  fs::copy(lib.path(), root.path() / "lib.git", fs::copy_options::recursive);

  auto result = test::run_cli({"org", "--dir", root.str(), "--jobs", "1"});
  INFO(result.err);
  CHECK(result.exit_code == 1);
  auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["repositories"].size() == 2);
  for (const auto& entry : report["repositories"]) {
    auto name = fs::path(entry["repository"].get<std::string>()).filename().string();
    INFO(name);
    if (name == "app") {
      CHECK(entry["findings"].empty());
      REQUIRE(entry["errors"].size() == 1);
      CHECK(entry["errors"][0]["message"] ==
            "2 findings left out: ignored by this repository config");
    } else {
      // A config that tries to switch off a leak rule is refused, not applied.
      REQUIRE(entry["findings"].size() == 1);
      CHECK(entry["findings"][0]["rule"] == "npm-access-token");
      REQUIRE(entry["errors"].size() == 1);
      CHECK(entry["errors"][0]["kind"] == "error");
      CHECK(entry["errors"][0]["message"] ==
            ".npm-token-scan.yaml:1:17: 'npm-access-token' is a leak rule; a repository config "
            "may not switch it off; the config was not applied");
    }
  }
}

namespace {

// A GitLab pipeline kept where the project's CI/CD settings say, not at
// .gitlab-ci.yml: its one job publishes with a token from a CI/CD variable.
const char* const k_gitlab_token_job =
    "publish:\n  image: node:22\n  script:\n"
    "    - echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc\n"
    "    - npm publish\n";

const char* const k_circleci_token_config =
    "version: 2.1\njobs:\n  publish:\n    docker:\n      - image: cimg/node:22.14\n"
    "    steps:\n      - checkout\n"
    "      - run: echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc\n"
    "      - run: npm publish\nworkflows:\n  release:\n    jobs: [publish]\n";

std::vector<std::string> token_publishes(const std::string& json_report) {
  std::vector<std::string> out;
  for (const auto& rule : rules_of(json_report)) {
    if (rule.rfind("npm-token-publish ", 0) == 0) {
      out.push_back(rule);
    }
  }
  return out;
}

std::vector<std::string> workflow_paths(const std::string& json_report) {
  std::vector<std::string> out;
  auto doc = nlohmann::json::parse(json_report);
  for (const auto& workflow : doc["workflows"]) {
    out.push_back(workflow["path"].get<std::string>() + " " +
                  workflow["provider"].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("config: gitlab-ci-file and circleci-config name the CI files for every command") {
  RepoBuilder repo;
  repo.write("package.json", "{\"name\": \"widgets\", \"version\": \"1.0.0\"}\n");
  repo.write("ci/pipeline.yml", "lint:\n  image: node:22\n  script:\n    - npm run lint\n");
  repo.write("ci/circle.yml",
             "version: 2.1\njobs:\n  test:\n    docker:\n"
             "      - image: cimg/node:22.14\n    steps:\n      - checkout\n"
             "workflows:\n  main:\n    jobs: [test]\n");
  repo.write(".npm-token-scan.yaml",
             "gitlab-ci-file: ci/pipeline.yml\ncircleci-config: ./ci/circle.yml\n");
  repo.commit("pipelines kept under ci/", "2024-01-01");

  auto scanned = test::run_cli({"scan", "--format", "json"}, repo.path());
  INFO(scanned.out << scanned.err);
  CHECK(scanned.exit_code == 0);
  CHECK(workflow_paths(scanned.out) ==
        std::vector<std::string>{"ci/circle.yml circleci", "ci/pipeline.yml gitlab"});
  // Without the config neither file would be read: the defaults are absent.
  auto flagged = test::run_cli({"scan", "--format", "json", "--gitlab-ci-file", "ci/missing.yml"},
                               repo.path());
  CHECK(flagged.exit_code == 3);  // the flag wins over the config, and names a missing file
  CHECK(flagged.err.find("ci/missing.yml") != std::string::npos);

  // The pre-commit hook's scan: a token publish staged into the configured
  // files is refused, as a workflow change is.
  repo.stage("ci/pipeline.yml", k_gitlab_token_job);
  auto staged = test::run_cli({"scan", "--staged", "--format", "json"}, repo.path());
  INFO(staged.out);
  CHECK(staged.exit_code == 1);
  CHECK(token_publishes(staged.out) ==
        std::vector<std::string>{"npm-token-publish ci/pipeline.yml"});
  repo.stage("ci/circle.yml", k_circleci_token_config);
  auto both = test::run_cli({"scan", "--staged", "--format", "json"}, repo.path());
  CHECK(token_publishes(both.out) == std::vector<std::string>{"npm-token-publish ci/circle.yml",
                                                              "npm-token-publish ci/pipeline.yml"});

  // fix plans on the same jobs.
  repo.write("ci/pipeline.yml", k_gitlab_token_job);
  repo.write("ci/circle.yml", k_circleci_token_config);
  repo.commit("publish with tokens", "2024-01-02");
  auto fixed = test::run_cli({"fix", "--format", "json"}, repo.path());
  INFO(fixed.out << fixed.err);
  auto plan = nlohmann::json::parse(fixed.out);
  std::vector<std::string> planned;
  for (const auto& job : plan["jobs"]) {
    planned.push_back(job["path"].get<std::string>() + ":" + job["job"].get<std::string>());
  }
  std::sort(planned.begin(), planned.end());
  CHECK(planned == std::vector<std::string>{"ci/circle.yml:publish", "ci/pipeline.yml:publish"});
}

TEST_CASE("config: a CI file path outside the repository is refused with its line") {
  RepoBuilder repo;
  repo.write("README.md", "# widgets\n");
  repo.write(".npm-token-scan.yaml", "version: 1\ngitlab-ci-file: ../other/.gitlab-ci.yml\n");
  repo.commit("init", "2024-01-01");
  auto refused = test::run_cli({"scan"}, repo.path());
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find(".npm-token-scan.yaml:2:17: 'gitlab-ci-file' must be a path inside the "
                         "repository (.gitlab-ci.yml)") != std::string::npos);
  RepoBuilder plain;
  plain.write("README.md", "# widgets\n");
  plain.commit("init", "2024-01-01");
  auto flag = test::run_cli({"scan", "--circleci-config", "../x.yml"}, plain.path());
  CHECK(flag.exit_code == 2);
  CHECK(flag.err.find("--circleci-config '../x.yml': expected a path inside the repository") !=
        std::string::npos);
  auto fix = test::run_cli({"fix", "--gitlab-ci-file", "../x.yml"}, plain.path());
  CHECK(fix.exit_code == 2);
  CHECK(fix.err.find("--gitlab-ci-file '../x.yml': expected a path inside the repository") !=
        std::string::npos);
}

TEST_CASE("config: a pull request cannot point the range scan away from its pipeline") {
  RepoBuilder repo;
  repo.write("package.json", "{\"name\": \"widgets\", \"version\": \"1.0.0\"}\n");
  repo.write("ci/pipeline.yml", "lint:\n  image: node:22\n  script:\n    - npm run lint\n");
  repo.write(".npm-token-scan.yaml", "gitlab-ci-file: ci/pipeline.yml\n");
  std::string base = repo.commit("pipeline under ci/", "2024-01-01");
  repo.branch("pr");
  repo.checkout("pr");
  // The pull request publishes with a token and renames the pipeline in its
  // own config: BASE's config still names ci/pipeline.yml.
  repo.write("ci/pipeline.yml", k_gitlab_token_job);
  repo.write(".npm-token-scan.yaml", "gitlab-ci-file: ci/elsewhere.yml\n");
  repo.write("ci/elsewhere.yml", "lint:\n  image: node:22\n  script:\n    - npm run lint\n");
  std::string head = repo.commit("publish with a token", "2024-01-02");
  auto range =
      test::run_cli({"scan", "--range", base + ".." + head, "--format", "json"}, repo.path());
  INFO(range.out << range.err);
  CHECK(range.exit_code == 1);
  CHECK(token_publishes(range.out) ==
        std::vector<std::string>{"npm-token-publish ci/pipeline.yml"});
}

TEST_CASE("config: org reads each repository's CI file settings from its own config") {
  namespace fs = std::filesystem;
  test::TempDir root;
  RepoBuilder moved;
  moved.write("package.json", "{\"name\": \"moved\", \"version\": \"1.0.0\"}\n");
  moved.write("ci/pipeline.yml", k_gitlab_token_job);
  moved.write(".npm-token-scan.yaml", "gitlab-ci-file: ci/pipeline.yml\n");
  moved.commit("pipeline under ci/", "2024-01-01");
  RepoBuilder plain;
  plain.write("package.json", "{\"name\": \"plain\", \"version\": \"1.0.0\"}\n");
  plain.write("ci/pipeline.yml", k_gitlab_token_job);  // no config: not the pipeline
  plain.commit("a stray file", "2024-01-01");
  fs::copy(moved.path(), root.path() / "moved", fs::copy_options::recursive);
  fs::copy(plain.path(), root.path() / "plain", fs::copy_options::recursive);

  auto result = test::run_cli({"org", "--dir", root.str(), "--jobs", "1"});
  INFO(result.err);
  auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["repositories"].size() == 2);
  for (const auto& entry : report["repositories"]) {
    auto name = fs::path(entry["repository"].get<std::string>()).filename().string();
    INFO(name);
    std::vector<std::string> rules;
    for (const auto& finding : entry["findings"]) {
      if (finding["rule"] == "npm-token-publish") {
        rules.push_back("npm-token-publish " + finding["path"].get<std::string>());
      }
    }
    if (name == "moved") {
      CHECK(rules == std::vector<std::string>{"npm-token-publish ci/pipeline.yml"});
    } else {
      CHECK(rules.empty());
    }
  }
}
