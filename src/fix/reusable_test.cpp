// fix on reusable workflows: the callee and every caller change together
// (id-token in each caller, the token off the callee's publish, the secret
// no longer declared or passed), or none of them does.

#include "fix/overlay_view.hpp"
#include "fix/plan.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "workflow/model.hpp"

using namespace nts;

namespace {

const std::string k_callee =
    "on:\n  workflow_call:\n    secrets:\n      PUBLISH_TOKEN:\n        required: true\n"
    "      CODECOV:\n        required: false\njobs:\n  publish:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n"
    "        with:\n          node-version: 24\n          registry-url: "
    "https://registry.npmjs.org\n"
    "      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.PUBLISH_TOKEN "
    "}}\n";

const std::string k_callers =
    "on:\n  release:\n    types: [published]\npermissions:\n  contents: read\njobs:\n"
    "  stable:\n    permissions:\n      contents: read\n    uses: ./.github/workflows/ship.yml\n"
    "    secrets:\n      PUBLISH_TOKEN: ${{ secrets.NPM_TOKEN }}  # the npm token\n"
    "      CODECOV: ${{ secrets.CODECOV }}\n"
    "  canary:\n    uses: ./.github/workflows/ship.yml\n    secrets: inherit\n";

fix::FixPlan plan_for(const std::string& callers, const std::string& callee,
                      core::MemoryRepoView* out = nullptr) {
  core::MemoryRepoView repo;
  repo.add(".github/workflows/release.yml", callers);
  repo.add(".github/workflows/ship.yml", callee);
  repo.add("package.json", R"({"name": "widgets", "repository": "github:acme/widgets"})");
  repo.set_remote_url("https://github.com/acme/widgets.git");
  auto plan = fix::plan_fix(repo, test::builtin_rules(), {});
  if (out) {
    *out = repo;
  }
  return plan;
}

std::string after(const fix::FixPlan& plan, const std::string& path) {
  for (const auto& file : plan.files) {
    if (file.path == path) {
      return file.after;
    }
  }
  return {};
}

}  // namespace

TEST_CASE("fix changes a reusable workflow and its callers together") {
  core::MemoryRepoView repo;
  auto plan = plan_for(k_callers, k_callee, &repo);
  for (const auto& job : plan.jobs) {
    INFO(job.path << " " << job.job << ": " << job.reason);
    CHECK(job.status == fix::JobOutcome::Status::fixed);
    CHECK(job.group == ".github/workflows/ship.yml");
  }
  CHECK(plan.jobs.size() == 3);
  CHECK(after(plan, ".github/workflows/release.yml") ==
        "on:\n  release:\n    types: [published]\npermissions:\n  contents: read\njobs:\n"
        "  stable:\n    permissions:\n      contents: read\n      id-token: write\n"
        "    uses: ./.github/workflows/ship.yml\n    secrets:\n"
        "      CODECOV: ${{ secrets.CODECOV }}\n"
        "  canary:\n    permissions:\n      contents: read\n      id-token: write\n"
        "    uses: ./.github/workflows/ship.yml\n    secrets: inherit\n");
  CHECK(after(plan, ".github/workflows/ship.yml") ==
        "on:\n  workflow_call:\n    secrets:\n      CODECOV:\n        required: false\njobs:\n"
        "  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-node@v4\n        with:\n          node-version: 24\n"
        "          registry-url: https://registry.npmjs.org\n      - run: npm publish\n");
  for (const auto& file : plan.files) {
    CHECK(static_cast<bool>(workflow::parse_workflow(file.path, file.after)));
  }
  // A second run has nothing left to do.
  std::map<std::string, std::string> changed;
  for (const auto& file : plan.files) {
    changed[file.path] = file.after;
  }
  fix::OverlayView edited(repo, changed);
  CHECK(fix::plan_fix(edited, test::builtin_rules(), {}).files.empty());
}

TEST_CASE("fix leaves a reusable workflow and all its callers when one cannot change") {
  struct Case {
    std::string name, callers, callee, reason;
  };
  std::string own_trigger = k_callee;
  own_trigger.replace(0, 4, "on:\n  workflow_dispatch:\n");
  std::string default_permissions = k_callers;
  default_permissions.erase(default_permissions.find("permissions:\n  contents: read\n"), 30);
  std::string other_use =
      k_callee + "      - run: curl -H \"x: ${{ secrets.PUBLISH_TOKEN }}\" https://example.com\n";
  std::vector<Case> cases = {
      {"callee with its own trigger", k_callers, own_trigger, "own triggers"},
      {"caller on default permissions", default_permissions, k_callee, "default permissions"},
      {"secret read for something else", k_callers, other_use, ""},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto plan = plan_for(c.callers, c.callee);
    CHECK(plan.files.empty());
    for (const auto& job : plan.jobs) {
      INFO(job.job << ": " << job.reason);
      CHECK(job.status != fix::JobOutcome::Status::fixed);
      if (job.status == fix::JobOutcome::Status::not_fixed) {
        CHECK(job.reason.find(c.reason) != std::string::npos);
      }
    }
  }
}
