// fix beyond the job's own lines: a setup-node step for a job on the
// runner's preinstalled Node, release tools pinned below trusted publishing
// (package.json, `npx tool@N`, an action's ref or version input), and the
// patch and Markdown renderings.

#include "fix/overlay_view.hpp"
#include "fix/plan.hpp"
#include "fix/render.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "workflow/analyze.hpp"

using namespace nts;

namespace {

const std::string k_package = R"({"name": "widgets", "repository": "github:acme/widgets"})";

core::MemoryRepoView repo_with(const std::string& workflow) {
  core::MemoryRepoView repo;
  repo.add(".github/workflows/release.yml", workflow);
  repo.set_remote_url("https://github.com/acme/widgets.git");
  return repo;
}

// fix, then what must hold for every fixed job: the edited repository
// re-analyses as oidc/ready and a second fix changes nothing.
fix::FixPlan planned(const core::MemoryRepoView& repo) {
  auto plan = fix::plan_fix(repo, test::builtin_rules(), {});
  std::map<std::string, std::string> after;
  for (const auto& file : plan.files) {
    after[file.path] = file.after;
  }
  fix::OverlayView edited(repo, after);
  CHECK(fix::plan_fix(edited, test::builtin_rules(), {}).files.empty());
  return plan;
}

// The one publishing job (other workflows' jobs do not publish).
const fix::JobOutcome& only_job(const fix::FixPlan& plan) {
  const fix::JobOutcome* found = nullptr;
  for (const auto& job : plan.jobs) {
    if (job.status != fix::JobOutcome::Status::not_publishing) {
      REQUIRE(found == nullptr);
      found = &job;
    }
  }
  REQUIRE(found != nullptr);
  return *found;
}

const std::string& file_after(const fix::FixPlan& plan, const std::string& path) {
  for (const auto& file : plan.files) {
    if (file.path == path) {
      return file.after;
    }
  }
  FAIL("no change to " << path);
  static const std::string none;
  return none;
}

const std::string k_preinstalled_node =
    "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n"
    "      contents: read\n      id-token: write\n    steps:\n"
    "      - uses: actions/checkout@CHECKOUT\n      - run: npm ci\n      - run: npm publish\n"
    "        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";

std::string with_checkout(const std::string& ref) {
  std::string text = k_preinstalled_node;
  return text.replace(text.find("CHECKOUT"), 8, ref);
}

}  // namespace

TEST_CASE(
    "fix adds setup-node before the first step that runs Node, pinned as the repository "
    "pins") {
  SECTION("major tags: the rule data's tag") {
    auto repo = repo_with(with_checkout("v4"));
    repo.add("package.json", k_package);
    auto plan = planned(repo);
    REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
    CHECK(file_after(plan, ".github/workflows/release.yml") ==
          "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n"
          "      contents: read\n      id-token: write\n    steps:\n"
          "      - uses: actions/checkout@v4\n"
          "      - uses: actions/setup-node@v6\n        with:\n          node-version: 24\n"
          "      - run: npm ci\n      - run: npm publish\n");
  }
  SECTION("commit pins: the commit another workflow pins setup-node to") {
    std::string sha(40, 'a'), node_sha(40, 'b');
    auto repo = repo_with(with_checkout(sha + " # v4.2.2"));
    repo.add(".github/workflows/ci.yml",
             "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - uses: actions/setup-node@" +
                 node_sha +
                 " # v6.0.0\n        with:\n          node-version: 22\n"
                 "      - run: npm test\n");
    repo.add("package.json", k_package);
    auto plan = planned(repo);
    REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
    CHECK(
        file_after(plan, ".github/workflows/release.yml")
            .find("      - uses: actions/setup-node@" + node_sha +
                  " # v6.0.0\n        with:\n          node-version: 24\n      - run: npm ci\n") !=
        std::string::npos);
  }
  SECTION("commit pins and no setup-node anywhere: left, saying what to add") {
    auto repo = repo_with(with_checkout(std::string(40, 'a')));
    repo.add("package.json", k_package);
    auto plan = planned(repo);
    CHECK(only_job(plan).status == fix::JobOutcome::Status::not_fixed);
    CHECK(only_job(plan).reason.find("pins actions by commit") != std::string::npos);
    CHECK(plan.files.empty());
  }
  SECTION("a Node version manager or an unknown action before the publish: the reason stays") {
    for (const std::string& step : {std::string("      - run: volta install node@22\n"),
                                    std::string("      - uses: acme/setup-toolchain@v1\n")}) {
      std::string text = with_checkout("v4");
      text.insert(text.find("      - run: npm ci"), step);
      auto repo = repo_with(text);
      repo.add("package.json", k_package);
      auto plan = planned(repo);
      INFO(step);
      CHECK(only_job(plan).status == fix::JobOutcome::Status::not_fixed);
      CHECK(only_job(plan).reason.find("Node/npm version not pinned") != std::string::npos);
    }
  }
}

TEST_CASE(
    "fix raises semantic-release in package.json, byte for byte elsewhere, and names the "
    "lockfile") {
  std::string package =
      "{\n  \"name\": \"widgets\",\n  \"repository\": \"github:acme/widgets\",\n"
      "  \"devDependencies\": {\n    \"eslint\":   \"^9.0.0\",\n"
      "    \"semantic-release\" : \"^24.2.0\"\n  }\n}\n";
  auto repo = repo_with(
      "on: push\npermissions:\n  contents: write\n  issues: write\n  id-token: write\njobs:\n"
      "  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
      "      - uses: actions/setup-node@v4\n        with:\n          node-version: 24\n"
      "      - run: npm ci\n      - run: npx semantic-release\n        env:\n"
      "          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n"
      "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n");
  repo.add("package.json", package);
  repo.add("package-lock.json", "{}\n");
  auto plan = planned(repo);
  INFO(only_job(plan).reason);
  REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
  std::string expected = package;
  expected.replace(expected.find("^24.2.0"), 7, "^25.0.0");
  CHECK(file_after(plan, "package.json") == expected);
  CHECK(file_after(plan, ".github/workflows/release.yml").find("GITHUB_TOKEN") !=
        std::string::npos);
  bool lockfile_note = false;
  for (const auto& note : only_job(plan).notes) {
    lockfile_note = lockfile_note || note.find("lockfile") != std::string::npos;
  }
  CHECK(lockfile_note);
  CHECK(fix::render_text(plan, false).find("lockfile") != std::string::npos);
}

TEST_CASE("fix raises release tool pins written in the workflow") {
  const std::string head =
      "on: push\npermissions:\n  contents: write\n  issues: write\n  pull-requests: write\n"
      "  id-token: write\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n"
      "      - uses: actions/setup-node@v4\n        with:\n          node-version: 24\n";
  const std::string token = "        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
  struct Case {
    std::string name, step, expected_step, package = k_package;
  };
  std::vector<Case> cases = {
      {"npx pin", "      - run: npx semantic-release@24\n",
       "      - run: npx semantic-release@25\n"},
      {"action version input",
       "      - uses: cycjimmy/semantic-release-action@v4\n        with:\n"
       "          semantic_version: '19'\n",
       "      - uses: cycjimmy/semantic-release-action@v4\n        with:\n"
       "          semantic_version: '25'\n"},
      {"changesets/action ref",
       "      - uses: changesets/action@v1.4.0\n        with:\n          publish: npm run "
       "release\n",
       "      - uses: changesets/action@v1.7.0\n        with:\n          publish: npm run "
       "release\n",
       R"({"name": "widgets", "repository": "github:acme/widgets", "scripts": {"release": "changeset publish"}})"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto repo = repo_with(head + c.step + token);
    repo.add("package.json", c.package);
    auto plan = planned(repo);
    INFO(only_job(plan).reason);
    REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
    CHECK(file_after(plan, ".github/workflows/release.yml") == head + c.expected_step);
  }
  SECTION("a commit pin is left, saying which release to pin") {
    auto repo = repo_with(head + "      - uses: changesets/action@" + std::string(40, 'c') +
                          " # v1.4.0\n        with:\n          publish: npm run release\n" + token);
    repo.add("package.json", cases[2].package);
    auto plan = planned(repo);
    CHECK(only_job(plan).status == fix::JobOutcome::Status::not_fixed);
    CHECK(only_job(plan).reason.find("pinned by commit") != std::string::npos);
  }
}

TEST_CASE("fix renders a patch git am reads and a Markdown summary no text can break out of") {
  auto repo = repo_with(
      with_checkout("v4").replace(with_checkout("v4").find("npm ci"), 6, "echo '```' && npm ci"));
  repo.add("package.json", k_package);
  auto plan = planned(repo);
  REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
  auto patch = fix::render_patch(plan, std::string(40, 'd'), "Wed, 2 Dec 2026 10:00:00 +0000");
  CHECK(patch.rfind("From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n",
                    0) == 0);
  CHECK(patch.find("\nSubject: [PATCH] ") != std::string::npos);
  CHECK(patch.find("\n---\ndiff --git a/.github/workflows/release.yml") != std::string::npos);
  CHECK(patch.find("\nbase-commit: " + std::string(40, 'd') + "\n") != std::string::npos);
  CHECK(fix::render_patch(fix::FixPlan{}, "", "").empty());
  auto markdown = fix::render_markdown(plan);
  CHECK(markdown.find("\n````diff\n") != std::string::npos);  // longer than the ``` inside
}
