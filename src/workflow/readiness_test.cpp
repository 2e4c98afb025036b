#include "workflow/readiness.hpp"

#include <algorithm>

#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "workflow/analyze.hpp"
#include "workflow/rules/rule_test_job.hpp"
#include "workflow/version.hpp"

using namespace nts;
using namespace nts::workflow;

namespace {

// A publishing job with the given job-level YAML lines (indented 4) and steps before `npm publish`.
core::JobReport publish_job(const std::string& workflow_head, const std::string& job_lines,
                            const std::string& steps,
                            std::vector<std::pair<std::string, std::string>> files = {},
                            const std::string& publish = "npm publish") {
  return nts::workflow::test::analyse_job(
             nts::workflow::test::publish_workflow(job_lines, steps, publish,
                                                   "on: push\n" + workflow_head),
             std::move(files))
      .job;
}

bool has_blocker(const core::JobReport& job, const std::string& part) {
  return std::any_of(job.blockers.begin(), job.blockers.end(),
                     [&](const std::string& b) { return b.find(part) != std::string::npos; });
}

const std::string k_runner = "    runs-on: ubuntu-latest\n";
const std::string k_node24 =
    "      - uses: actions/setup-node@v4\n        with: {node-version: 24}\n";

}  // namespace

TEST_CASE("permissions: effective id-token") {
  CHECK(publish_job("", k_runner + "    permissions: {id-token: write}\n", k_node24).auth ==
        core::Auth::oidc);
  CHECK(publish_job("permissions: {id-token: write}\n", k_runner, k_node24).auth ==
        core::Auth::oidc);
  CHECK(publish_job("permissions: write-all\n", k_runner, k_node24).auth == core::Auth::oidc);
  // The job's own block replaces the workflow's entirely.
  auto narrowed = publish_job("permissions: {id-token: write}\n",
                              k_runner + "    permissions: {contents: read}\n", k_node24);
  CHECK(narrowed.auth ==
        core::Auth::oidc);  // no token either: OIDC is the only way, and it is missing
  CHECK(has_blocker(narrowed, "no id-token: write"));
  CHECK(publish_job("permissions: {}\n", k_runner, k_node24).trusted_publishing ==
        core::Readiness::needs_changes);
  CHECK(has_blocker(publish_job("permissions: read-all\n", k_runner, k_node24),
                    "no id-token: write"));
  CHECK(
      has_blocker(publish_job("", k_runner + "    permissions:\n      id-token: none\n", k_node24),
                  "no id-token: write"));
  CHECK(publish_job("", k_runner, k_node24).trusted_publishing == core::Readiness::needs_changes);
}

TEST_CASE("runner labels") {
  const std::string perms = "permissions: {id-token: write}\n";
  CHECK(publish_job(perms, "    runs-on: ubuntu-24.04\n", k_node24).trusted_publishing ==
        core::Readiness::ready);
  CHECK(publish_job(perms, "    runs-on: macos-14\n", k_node24).trusted_publishing ==
        core::Readiness::ready);
  CHECK(publish_job(perms, "    runs-on: windows-latest\n", k_node24).trusted_publishing ==
        core::Readiness::ready);
  auto self = publish_job(perms, "    runs-on: [self-hosted, linux, x64]\n", k_node24);
  CHECK(self.trusted_publishing == core::Readiness::blocked);
  CHECK(has_blocker(self, "self-hosted runner"));
  auto custom = publish_job(perms, "    runs-on: acme-build-large\n", k_node24);
  CHECK(custom.trusted_publishing == core::Readiness::needs_changes);
  CHECK(has_blocker(custom, "acme-build-large"));
  auto group = publish_job(perms, "    runs-on:\n      group: release-runners\n", k_node24);
  CHECK(has_blocker(group, "group: release-runners"));
  auto expr = publish_job(perms, "    runs-on: ${{ matrix.os }}\n", k_node24);
  CHECK(has_blocker(expr, "expression"));
}

TEST_CASE("npm version: setup-node, version files, containers, upgrades") {
  const std::string perms = "permissions: {id-token: write}\n";
  auto node = [&](const std::string& version) {
    return publish_job(
        perms, k_runner,
        "      - uses: actions/setup-node@v4\n        with:\n          node-version: '" + version +
            "'\n");
  };
  CHECK(node("24").trusted_publishing == core::Readiness::ready);
  CHECK(node("24.x").trusted_publishing == core::Readiness::ready);
  CHECK(node("lts/*").trusted_publishing == core::Readiness::ready);
  CHECK(node("latest").trusted_publishing == core::Readiness::ready);
  CHECK(node("lts/krypton").trusted_publishing == core::Readiness::ready);
  CHECK(has_blocker(node("22"), "npm 10 (Node 22) without an npm upgrade"));
  CHECK(has_blocker(node("20.x"), "Node 20"));
  CHECK(has_blocker(node("lts/jod"), "Node 22"));
  CHECK(has_blocker(node("24.1.0"), "Node 24.1.0"));  // bundles an npm 11 older than 11.5.1
  CHECK(node("24.8.0").trusted_publishing == core::Readiness::ready);

  auto upgraded =
      publish_job(perms, k_runner,
                  "      - uses: actions/setup-node@v4\n        with: {node-version: 22}\n"
                  "      - run: npm install -g npm@^11.5.1\n");
  CHECK(upgraded.trusted_publishing == core::Readiness::ready);
  auto old_node_upgraded =
      publish_job(perms, k_runner,
                  "      - uses: actions/setup-node@v4\n        with: {node-version: 20}\n"
                  "      - run: npm i -g npm@latest\n");
  CHECK(has_blocker(old_node_upgraded, "below 22.14.0"));
  auto too_small_upgrade =
      publish_job(perms, k_runner,
                  "      - uses: actions/setup-node@v4\n        with: {node-version: 22}\n"
                  "      - run: npm i -g npm@10\n");
  CHECK(too_small_upgrade.trusted_publishing == core::Readiness::needs_changes);
  auto npx_pin = publish_job(
      perms, k_runner, "      - uses: actions/setup-node@v4\n        with: {node-version: 22}\n",
      {}, "npx -y npm@11.6.0 publish");
  CHECK(npx_pin.trusted_publishing == core::Readiness::ready);

  auto nvmrc = publish_job(
      perms, k_runner,
      "      - uses: actions/setup-node@v4\n        with: {node-version-file: .nvmrc}\n",
      {{".nvmrc", "v24.11.0\n"}});
  CHECK(nvmrc.trusted_publishing == core::Readiness::ready);
  auto nvmrc_old = publish_job(
      perms, k_runner,
      "      - uses: actions/setup-node@v4\n        with: {node-version-file: .nvmrc}\n",
      {{".nvmrc", "lts/iron\n"}});
  CHECK(has_blocker(nvmrc_old, "Node 20"));
  auto engines = publish_job(
      perms, k_runner,
      "      - uses: actions/setup-node@v4\n        with: {node-version-file: package.json}\n",
      {{"package.json",
        R"({"name": "widgets", "repository": "github:acme/widgets", "volta": {"node": "22.17.0"}})"}});
  CHECK(has_blocker(engines, "Node 22.17.0"));
  auto missing_file = publish_job(
      perms, k_runner,
      "      - uses: actions/setup-node@v4\n        with: {node-version-file: .node-version}\n");
  CHECK(has_blocker(missing_file, "not found"));

  auto container =
      publish_job(perms, k_runner + "    container: node:24-bookworm\n", "      - run: echo hi\n");
  CHECK(container.trusted_publishing == core::Readiness::ready);
  auto container_old = publish_job(
      perms, k_runner + "    container:\n      image: node:22-alpine\n", "      - run: echo hi\n");
  CHECK(has_blocker(container_old, "Node 22"));
  auto unpinned = publish_job(perms, k_runner, "      - run: echo hi\n");
  CHECK(has_blocker(unpinned, "not pinned"));

  auto matrix = publish_job(
      perms, k_runner + "    strategy:\n      matrix:\n        node: [20, 22, 24]\n",
      "      - uses: actions/setup-node@v4\n        with: {node-version: '${{ matrix.node }}'}\n");
  CHECK(has_blocker(matrix, "Node 20"));
}

TEST_CASE("publishing clients") {
  const std::string perms = "permissions: {id-token: write}\n";
  auto with = [&](const std::string& command,
                  std::vector<std::pair<std::string, std::string>> files = {}) {
    return publish_job(perms, k_runner, k_node24, std::move(files), command);
  };
  CHECK(with("yarn publish").trusted_publishing == core::Readiness::blocked);
  CHECK(with("bun publish").trusted_publishing == core::Readiness::blocked);
  CHECK(with("bunx npm publish").trusted_publishing == core::Readiness::ready);
  auto berry_old =
      with("yarn npm publish", {{"package.json", R"({"name": "w", "repository": "acme/widgets",
                                                                  "packageManager": "yarn@4.5.3"})"}});
  CHECK(berry_old.trusted_publishing == core::Readiness::blocked);
  auto berry_new =
      with("yarn npm publish", {{"package.json", R"({"name": "w", "repository": "acme/widgets",
                                                                  "packageManager": "yarn@4.10.3"})"}});
  CHECK(berry_new.trusted_publishing == core::Readiness::ready);
  auto berry_unknown = with("yarn npm publish");
  CHECK(has_blocker(berry_unknown, "not pinned"));
  auto lerna8 =
      with("npx lerna publish from-git --yes",
           {{"package.json", R"({"name": "root", "private": true, "repository": "acme/widgets",
                                           "devDependencies": {"lerna": "^8.1.0"}})"}});
  CHECK(lerna8.trusted_publishing == core::Readiness::blocked);
  auto lerna9 =
      with("npx lerna publish from-git --yes",
           {{"package.json", R"({"name": "root", "private": true, "repository": "acme/widgets",
                                           "devDependencies": {"lerna": "^9.0.1"}})"}});
  CHECK(lerna9.trusted_publishing == core::Readiness::ready);
  auto sr_old =
      with("npx semantic-release", {{"package.json", R"({"name": "w", "repository": "acme/widgets",
                                           "devDependencies": {"semantic-release": "^24.2.0"}})"}});
  CHECK(sr_old.trusted_publishing == core::Readiness::blocked);
  auto sr_new =
      with("npx semantic-release", {{"package.json", R"({"name": "w", "repository": "acme/widgets",
                                           "devDependencies": {"semantic-release": "^25.0.2"}})"}});
  CHECK(sr_new.trusted_publishing == core::Readiness::ready);
  auto pnpm10 =
      with("pnpm publish", {{"package.json", R"({"name": "w", "repository": "acme/widgets",
                                                           "packageManager": "pnpm@10.12.1"})"}});
  CHECK(pnpm10.trusted_publishing == core::Readiness::ready);  // Node 24's npm is on PATH
  auto release_it = with("npx release-it --ci");
  CHECK(has_blocker(release_it, "skipChecks"));
  auto release_it_ok =
      with("npx release-it --ci", {{".release-it.json", R"({"npm": {"skipChecks": true}})"}});
  CHECK(release_it_ok.trusted_publishing == core::Readiness::ready);
  CHECK(has_blocker(with("npx np --yolo"), "whoami"));
}

TEST_CASE("package.json repository.url must match the remote") {
  const std::string perms = "permissions: {id-token: write}\n";
  auto mismatch = publish_job(
      perms, k_runner, k_node24,
      {{"package.json", R"({"name": "w", "repository": "https://github.com/other/w"})"}});
  CHECK(has_blocker(mismatch, "points to other/w, not acme/widgets"));
  auto missing = publish_job(perms, k_runner, k_node24, {{"package.json", R"({"name": "w"})"}});
  CHECK(has_blocker(missing, "no repository.url"));
}

TEST_CASE("repository slugs and registry hosts") {
  CHECK(parse_github_slug("https://github.com/acme/widgets.git").owner == "acme");
  CHECK(parse_github_slug("git@github.com:acme/widgets.git").name == "widgets");
  CHECK(parse_github_slug("git+https://github.com/acme/widgets.git#main").name == "widgets");
  CHECK(parse_github_slug("ssh://git@github.com/acme/widgets").name == "widgets");
  CHECK(parse_github_slug("github:acme/widgets").owner == "acme");
  CHECK(parse_github_slug("acme/widgets").name == "widgets");
  CHECK(parse_github_slug("https://gitlab.com/acme/widgets").empty());
  CHECK(parse_github_slug("").empty());
  CHECK(is_npmjs(*knowledge(), "https://registry.npmjs.org/"));
  CHECK(is_npmjs(*knowledge(), ""));
  CHECK_FALSE(is_npmjs(*knowledge(), "https://npm.pkg.github.com"));
  CHECK(registry_host("https://npm.pkg.github.com/@acme") == "npm.pkg.github.com");
}

TEST_CASE("versions and requirements") {
  CHECK(*parse_version("11.5.1") < *parse_version("11.10.0"));
  CHECK(*parse_version("v22.14.0") >= *parse_version("22.14"));
  CHECK_FALSE(parse_version("latest"));
  CHECK(parse_requirement("^11.5.1").minimum->str() == "11.5.1");
  CHECK(parse_requirement("npm@~4.10").minimum->str() == "4.10");
  CHECK(parse_requirement("latest").latest);
  CHECK(parse_requirement(">=9").latest);
  CHECK_FALSE(parse_requirement(">=9 <10").latest);
  CHECK_FALSE(parse_requirement("workspace:*").minimum);
}
