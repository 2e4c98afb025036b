// The composite action, run step by step as the GitHub runner would, on fixture
// repositories with a base and a head commit and a real-shaped pull_request event.
#include <sys/utsname.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "detect/npm_token.hpp"
#include "tests/action/action_runner.hpp"
#include "tests/org/http_server.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

const char* k_release_with_token = R"(name: release
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 24
          registry-url: https://registry.npmjs.org
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
)";

std::string pull_request_event(const std::string& base, const std::string& head) {
  return R"({"action": "synchronize", "number": 7, "pull_request": {"number": 7, "commits": 1,
    "base": {"ref": "main", "sha": ")" +
         base + R"("}, "head": {"ref": "feature", "sha": ")" + head +
         R"("}}, "repository": {"full_name": "acme/widgets"}})";
}

// A repository whose main has a package and whose next commit is `change`.
struct PullRequest {
  test::RepoBuilder repo;
  std::string base, head;
  template <typename Change>
  explicit PullRequest(Change change) : PullRequest([](test::RepoBuilder&) {}, change) {}
  // `on_main` adds to main's files before the base commit.
  template <typename OnMain, typename Change>
  PullRequest(OnMain on_main, Change change) {
    repo.write("package.json", "{\"name\": \"@acme/widgets\", \"version\": \"1.0.0\"}\n");
    repo.write("README.md", "# widgets\n");
    on_main(repo);
    base = repo.commit("base", "2026-11-01");
    change(repo);
    head = repo.commit("change", "2026-11-02");
  }
  test::ActionResult run(std::map<std::string, std::string> inputs = {}) {
    return run(test::ActionRun{}, std::move(inputs));
  }
  // With the runner settings of `action` (action folder, environment, cache).
  test::ActionResult run(test::ActionRun action, std::map<std::string, std::string> inputs) {
    action.inputs = std::move(inputs);
    action.event_name = "pull_request";
    action.event_json = pull_request_event(base, head);
    action.workspace = repo.path();
    return test::run_action(action);
  }
};

}  // namespace

TEST_CASE("action: no expression is expanded inside a run: script") {
  PullRequest pr(
      [](test::RepoBuilder& repo) { repo.write("src/index.js", "module.exports = 1;\n"); });
  auto result = pr.run();
  CHECK(result.expressions_in_scripts.empty());
}

TEST_CASE("action: a clean pull request passes") {
  PullRequest pr(
      [](test::RepoBuilder& repo) { repo.write("src/index.js", "module.exports = 1;\n"); });
  auto result = pr.run();
  INFO(result.log);
  CHECK(result.exit_code == 0);
  CHECK(result.outputs["findings"] == "0");
  CHECK(result.outputs["token-jobs"] == "0");
  // Outside the checkout (the pull request controls it): under RUNNER_TEMP.
  CHECK(result.outputs["sarif"].find(pr.repo.path()) == std::string::npos);
  CHECK(result.outputs["sarif"].size() > std::string("/npm-token-scan.sarif").size());
  CHECK(result.outputs["sarif"].rfind("/npm-token-scan.sarif") ==
        result.outputs["sarif"].size() - std::string("/npm-token-scan.sarif").size());
  CHECK(result.annotations.find("::error") == std::string::npos);
  CHECK_FALSE(result.summary.empty());
  CHECK(result.log.find("--range " + pr.base + ".." + pr.head) != std::string::npos);
}

TEST_CASE("action: a pull request passes where main still publishes with a token") {
  // The token-based release job predates the pull request: the job summary
  // lists it, but only what the pull request introduces can fail the check.
  PullRequest pr(
      [](test::RepoBuilder& repo) {
        repo.write(".github/workflows/release.yml", k_release_with_token);
      },
      [](test::RepoBuilder& repo) { repo.write("src/index.js", "module.exports = 1;\n"); });
  auto result = pr.run();
  INFO(result.log);
  CHECK(result.exit_code == 0);
  CHECK(result.outputs["findings"] == "0");
  CHECK(result.outputs["token-jobs"] == "1");
  CHECK(result.annotations.find("::error") == std::string::npos);
  CHECK(result.summary.find("release.yml") != std::string::npos);
}

TEST_CASE("action: mode fix-suggest puts the patch in the job summary and changes nothing") {
  PullRequest pr(
      [](test::RepoBuilder& repo) {
        repo.write(".github/workflows/release.yml", k_release_with_token);
        repo.write("package.json",
                   "{\"name\": \"@acme/widgets\", \"version\": \"1.0.0\", "
                   "\"repository\": \"github:acme/widgets\"}\n");
      },
      [](test::RepoBuilder& repo) { repo.write("src/index.js", "module.exports = 1;\n"); });
  auto result = pr.run({{"mode", "fix-suggest"}});
  INFO(result.log);
  CHECK(result.exit_code == 0);  // the scan decides, as in auto mode: nothing new in the PR
  CHECK(result.log.find("--range " + pr.base + ".." + pr.head) != std::string::npos);
  CHECK(result.summary.find("suggested change") != std::string::npos);
  CHECK(result.summary.find("```diff") != std::string::npos);
  CHECK(result.summary.find("+    permissions:") != std::string::npos);
  CHECK(result.summary.find("-          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}") !=
        std::string::npos);
  // Nothing written: the checkout is as the pull request left it.
  CHECK(test::read_file(std::filesystem::path(pr.repo.path()) / ".github/workflows/release.yml") ==
        k_release_with_token);
  auto status = test::run_command({"/usr/bin/git", "status", "--porcelain"}, pr.repo.path());
  CHECK(status.out.empty());
}

TEST_CASE("action: a pull request adding a token fails with an annotation on the line") {
  auto token = detect::make_npm_token(606);
  PullRequest pr([&](test::RepoBuilder& repo) {
    repo.write("packages/cli/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  });
  auto result = pr.run({{"upload-sarif", "true"}});
  INFO(result.log);
  CHECK(result.exit_code == 1);
  CHECK(result.outputs["high"] == "1");
  CHECK(result.annotations.find("::error file=packages/cli/.npmrc,line=1,") != std::string::npos);
  REQUIRE(result.uploaded_sarif.size() == 1);
  CHECK(result.uploaded_sarif.front() == result.outputs["sarif"]);
  for (const auto* output : {&result.annotations, &result.log, &result.summary}) {
    CHECK(output->find(token.substr(6)) == std::string::npos);
  }
}

TEST_CASE("action: a pull request adding a token-based publish job fails") {
  PullRequest pr([](test::RepoBuilder& repo) {
    repo.write(".github/workflows/release.yml", k_release_with_token);
  });
  auto result = pr.run();
  INFO(result.log);
  CHECK(result.exit_code == 1);
  CHECK(result.outputs["token-jobs"] == "1");
  CHECK(result.annotations.find("file=.github/workflows/release.yml") != std::string::npos);
  CHECK(result.summary.find("release.yml") != std::string::npos);
}

TEST_CASE("action: fail-on never reports without failing") {
  PullRequest pr([](test::RepoBuilder& repo) {
    repo.write(".github/workflows/release.yml", k_release_with_token);
  });
  auto result = pr.run({{"fail-on", "never"}});
  CHECK(result.exit_code == 0);
  CHECK(result.outputs["token-jobs"] == "1");
}

namespace {

// A copy of the action whose action/SHA256SUMS lists this build's binary,
// stripped as the release is, and a loopback release host serving it.
struct ReleaseHost {
  test::TempDir dir;
  std::filesystem::path action = dir.path() / "action";
  std::string binary;
  std::string served;

  ReleaseHost() {
    namespace fs = std::filesystem;
    fs::create_directories(action / "action");
    const fs::path source = NTS_SOURCE_DIR;
    for (const auto* file : {"action.yml", "package.json"}) {
      fs::copy_file(source / file, action / file);
    }
    for (const auto& entry : fs::directory_iterator(source / "action")) {
      if (entry.path().extension() == ".sh") {
        fs::copy_file(entry.path(), action / "action" / entry.path().filename());
      }
    }
    auto stripped = (dir.path() / "npm-token-scan-linux-x64").string();
    REQUIRE(test::run_command({"/usr/bin/strip", "-o", stripped, test::binary_path()}).exit_code ==
            0);
    binary = test::read_file(stripped);
    served = binary;
    auto sum = test::run_command({"/usr/bin/sha256sum", stripped});
    dir.write("action/action/SHA256SUMS", sum.out.substr(0, 64) + "  npm-token-scan-linux-x64\n");
  }
};

bool on_linux_x64() {
  utsname name{};
  return ::uname(&name) == 0 && std::string(name.machine) == "x86_64";
}

}  // namespace

TEST_CASE("action: installs the verified release binary of its version, builds nothing") {
  if (!on_linux_x64()) {
    SUCCEED("the release binary in this test is linux-x64; skipped");
    return;
  }
  ReleaseHost host;
  test::LoopbackHttpServer server([&](const test::LoopbackHttpServer::Request& request) {
    test::LoopbackHttpServer::Response response;
    if (request.target.size() > 25 &&
        request.target.compare(request.target.size() - 25, 25, "/npm-token-scan-linux-x64") == 0) {
      response.body = host.served;
    } else {
      response.status = 404;
    }
    return response;
  });
  PullRequest pr(
      [](test::RepoBuilder& repo) { repo.write("src/index.js", "module.exports = 1;\n"); });
  test::ActionRun runner;
  runner.action_path = host.action;
  runner.env = {"NPM_TOKEN_SCAN_RELEASE_URL=" + server.url()};
  runner.warm_cache = false;  // no cached build either: a build step would have to compile
  auto result = pr.run(runner, {});
  INFO(result.log);
  CHECK(result.exit_code == 0);
  CHECK(result.steps_run == std::vector<std::string>{"install", "scan", "step7"});
  CHECK(result.log.find("verified its SHA-256") != std::string::npos);
  CHECK(result.outputs["findings"] == "0");
  REQUIRE(server.requests().size() == 1);
  CHECK(server.requests()[0].target.rfind("/v", 0) == 0);

  // The same release asset, one byte changed: refused, nothing runs after it.
  host.served.back() ^= 1;
  auto tampered = pr.run(runner, {});
  INFO(tampered.log);
  CHECK(tampered.exit_code == 1);
  CHECK(tampered.log.find("checksum mismatch") != std::string::npos);
  CHECK(tampered.steps_run == std::vector<std::string>{"install"});
}

TEST_CASE("action: path: a subfolder is annotated and uploaded from the repository root") {
  auto token = detect::make_npm_token(707);
  test::RepoBuilder repo;
  repo.write(".github/workflows/release.yml", k_release_with_token);
  repo.write("packages/core/package.json", "{\"name\": \"@acme/core\", \"version\": \"1.0.0\"}\n");
  repo.write("packages/core/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  repo.write("packages/other/.npmrc",
             "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(708) + "\n");
  repo.commit("monorepo", "2026-11-01");
  test::TempDir temp;  // kept after the run: the SARIF file is read below
  test::ActionRun run;
  run.runner_temp = temp.path();
  run.inputs = {{"path", "packages/core"}, {"mode", "worktree"}};
  run.event_name = "workflow_dispatch";
  run.event_json = "{}";
  run.workspace = repo.path();
  auto result = test::run_action(run);
  INFO(result.log << result.annotations);
  CHECK(result.exit_code == 1);
  // Where the file is in the repository, not a root .npmrc that does not exist.
  CHECK(result.annotations.find("::error file=packages/core/.npmrc,line=1,") != std::string::npos);
  CHECK(result.annotations.find("file=.npmrc") == std::string::npos);
  // Only the folder goes through the detector; the repository's workflows are analysed.
  CHECK(result.annotations.find("packages/other") == std::string::npos);
  CHECK(result.annotations.find("file=.github/workflows/release.yml") != std::string::npos);
  CHECK(result.outputs["token-jobs"] == "1");
  auto sarif = nlohmann::json::parse(test::read_file(result.outputs["sarif"]));
  std::set<std::string> uris;
  for (const auto& found : sarif["runs"][0]["results"]) {
    uris.insert(found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]);
  }
  CHECK(uris == std::set<std::string>{"packages/core/.npmrc", ".github/workflows/release.yml"});
}

TEST_CASE("action: a base that cannot be fetched is said so, with what to do") {
  PullRequest pr(
      [](test::RepoBuilder& repo) { repo.write("src/index.js", "module.exports = 1;\n"); });
  // A base the checkout does not have, and no origin to fetch it from (a
  // shallow checkout without credentials looks the same to the script).
  pr.base = "0123456789abcdef0123456789abcdef01234567";
  auto result = pr.run();
  INFO(result.log << result.annotations);
  CHECK(result.exit_code == 3);
  CHECK(result.annotations.find("::error title=npm-token-scan::the base commit 0123456789ab of "
                                "this pull_request event is not in the checkout and could not be "
                                "fetched") != std::string::npos);
  CHECK(result.annotations.find("fetch-depth: 0") != std::string::npos);
  CHECK(result.annotations.find("permissions: contents: read") != std::string::npos);
  CHECK(result.annotations.find("unknown revision") == std::string::npos);
  CHECK(result.log.find("unknown revision") == std::string::npos);
}

TEST_CASE("action: a report left in RUNNER_TEMP by an earlier run is never reused") {
  test::TempDir temp;
  // What an earlier run left: a report with a finding, a SARIF file, a summary.
  temp.write("npm-token-scan.json", R"({"findings": [{"severity": "high"}], "workflows": []})");
  temp.write("npm-token-scan.sarif", "stale");
  temp.write("npm-token-scan.md", "stale summary\n");
  PullRequest pr(
      [](test::RepoBuilder& repo) { repo.write("src/index.js", "module.exports = 1;\n"); });
  test::ActionRun settings;
  settings.runner_temp = temp.path();
  auto clean = pr.run(settings, {});
  INFO(clean.log);
  CHECK(clean.exit_code == 0);
  CHECK(clean.outputs["high"] == "0");
  CHECK(clean.summary.find("stale summary") == std::string::npos);
  CHECK(clean.outputs["sarif"] != (temp.path() / "npm-token-scan.sarif").string());
  CHECK(test::read_file(clean.outputs["sarif"]) != "stale");
  // A scan that writes nothing (a bad extra argument) counts nothing from before
  // and uploads no earlier SARIF, even at a fixed sarif: path.
  auto given = (temp.path() / "given.sarif").string();
  temp.write("given.sarif", "stale");
  auto failed = pr.run(settings, {{"extra-args", "--no-such-flag"}, {"sarif", given}});
  CHECK(failed.exit_code != 0);
  CHECK(failed.outputs["high"] == "0");
  CHECK_FALSE(std::filesystem::exists(given));
  CHECK(failed.summary.find("stale summary") == std::string::npos);
}

TEST_CASE("action: the SARIF upload's permissions are documented, actions: read included") {
  for (const auto* file : {"action.yml", "docs/action-and-hook.md"}) {
    INFO(file);
    auto text = test::read_file(std::filesystem::path(NTS_SOURCE_DIR) / file);
    CHECK(text.find("security-events: write") != std::string::npos);
    CHECK(text.find("actions: read") != std::string::npos);
    CHECK(text.find("private repository") != std::string::npos);
  }
}
