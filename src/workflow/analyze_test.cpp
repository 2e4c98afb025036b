#include "workflow/analyze.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/workflows/analysis_json.hpp"
#include "util/text.hpp"
#include "workflow/model.hpp"

using namespace nts;

namespace {

workflow::Analysis analyse(const std::string& workflow_text,
                           std::vector<std::pair<std::string, std::string>> extra = {},
                           const std::string& path = ".github/workflows/release.yml") {
  core::MemoryRepoView repo;
  repo.add(path, workflow_text);
  for (auto& [file, text] : extra) {
    repo.add(file, text);
  }
  repo.set_remote_url("https://github.com/acme/widgets.git");
  return workflow::analyze_repository(repo, test::builtin_rules());
}

const core::JobReport& job(const workflow::Analysis& a, std::size_t w = 0, std::size_t j = 0) {
  REQUIRE(a.workflows.size() > w);
  REQUIRE(a.workflows[w].jobs.size() > j);
  return a.workflows[w].jobs[j];
}

bool has_rule(const workflow::Analysis& a, const std::string& id) {
  return std::any_of(a.findings.begin(), a.findings.end(),
                     [&](const core::Finding& f) { return f.rule_id == id; });
}

}  // namespace

TEST_CASE("every workflow rule's examples behave as declared") {
  int checked = 0;
  for (const auto& rule : test::builtin_rules().rules()) {
    if (rule.engine != rules::Engine::workflow) {
      continue;
    }
    for (const auto& example : rule.match_examples) {
      INFO(rule.id << " match example at line " << example.line);
      core::MemoryRepoView repo;
      repo.add(example.path, example.text);
      auto a = workflow::analyze_repository(repo, test::builtin_rules());
      CHECK(a.issues.empty());
      CHECK(has_rule(a, rule.id));
      ++checked;
    }
    for (const auto& example : rule.no_match_examples) {
      INFO(rule.id << " no_match example at line " << example.line);
      core::MemoryRepoView repo;
      repo.add(example.path, example.text);
      auto a = workflow::analyze_repository(repo, test::builtin_rules());
      CHECK(a.issues.empty());
      CHECK_FALSE(has_rule(a, rule.id));
      ++checked;
    }
  }
  CHECK(checked >= 18);
}

TEST_CASE("a token-only publish is reported at the token with its evidence") {
  auto a =
      analyse(R"(on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with: {node-version: 22, registry-url: 'https://registry.npmjs.org'}
      - run: |
          npm ci
          npm publish --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
)",
              {{"package.json", R"({"name": "widgets", "repository": "github:acme/widgets"})"}});
  const auto& j = job(a);
  CHECK(j.publishes_npm == core::Publishes::yes);
  CHECK(j.auth == core::Auth::token);
  CHECK(j.trusted_publishing == core::Readiness::needs_changes);
  REQUIRE(j.publish_steps.size() == 1);
  CHECK(j.publish_steps[0].line == 10);
  CHECK(j.publish_steps[0].column == 11);
  REQUIRE(j.token_sources.size() == 1);
  CHECK(j.token_sources[0].from == "secrets.NPM_TOKEN");
  REQUIRE(j.trusted_publisher);
  CHECK(j.trusted_publisher->command ==
        "npm trust github widgets --file release.yml --repo acme/widgets --allow-publish");
  auto finding = std::find_if(a.findings.begin(), a.findings.end(),
                              [](const auto& f) { return f.rule_id == "npm-token-publish"; });
  REQUIRE(finding != a.findings.end());
  CHECK(finding->location.line == 12);
  CHECK(finding->location.column == 11);
  CHECK(finding->severity == core::Severity::high);
  CHECK(finding->secret.empty());
  CHECK(finding->fingerprint.size() == 32);
  CHECK(finding->snippet == "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}");
}

TEST_CASE("fingerprints do not change when lines move") {
  std::string body = R"(jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish
        env:
          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
)";
  auto a = analyse("on: push\n" + body);
  auto b = analyse("on: push\n\n# a comment\n\n" + body);
  REQUIRE(a.findings.size() == b.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    CHECK(a.findings[i].fingerprint == b.findings[i].fingerprint);
    CHECK(a.findings[i].location.line + 3 == b.findings[i].location.line);
  }
}

TEST_CASE("OIDC-ready job") {
  auto a = analyse(
      R"(on: {push: {tags: ['v*']}}
permissions: {contents: read}
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: npm
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: {node-version: 24, registry-url: 'https://registry.npmjs.org'}
      - run: npm publish
)",
      {{"package.json",
        R"({"name": "@acme/widgets", "repository": {"url": "git+https://github.com/acme/widgets.git"}})"}});
  const auto& j = job(a);
  CHECK(j.auth == core::Auth::oidc);
  CHECK(j.trusted_publishing == core::Readiness::ready);
  CHECK(j.blockers.empty());
  REQUIRE(j.trusted_publisher);
  CHECK(j.trusted_publisher->environment == std::optional<std::string>("npm"));
  CHECK(j.trusted_publisher->command ==
        "npm trust github @acme/widgets --file release.yml --repo acme/widgets --env npm "
        "--allow-publish");
  CHECK(a.findings.empty());
}

TEST_CASE("GitHub Packages is not an npm publish") {
  auto a = analyse(R"(on: push
jobs:
  gpr:
    runs-on: ubuntu-latest
    permissions: {packages: write, contents: read}
    steps:
      - uses: actions/setup-node@v4
        with: {node-version: 20, registry-url: 'https://npm.pkg.github.com'}
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
)");
  const auto& j = job(a);
  CHECK(j.publishes_npm == core::Publishes::no);
  CHECK(j.auth == core::Auth::none);
  CHECK(j.trusted_publishing == core::Readiness::not_applicable);
  REQUIRE(j.publish_steps.size() == 1);
  REQUIRE(j.advice.size() == 1);
  CHECK(j.advice[0].find("GitHub Packages") != std::string::npos);
  CHECK(a.findings.empty());
}

TEST_CASE("malformed workflow is an error, the others are still analysed") {
  core::MemoryRepoView repo;
  repo.add(".github/workflows/bad.yml", "on: push\njobs:\n  x:\n    steps: [\n      - run: a\n");
  repo.add(".github/workflows/good.yml",
           "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm "
           "publish\n"
           "        env: {NPM_TOKEN: '${{ secrets.NPM_TOKEN }}'}\n");
  auto a = workflow::analyze_repository(repo, test::builtin_rules());
  REQUIRE(a.issues.size() == 1);
  CHECK(a.issues[0].path == ".github/workflows/bad.yml");
  CHECK(a.issues[0].kind == core::ScanIssue::Kind::error);
  CHECK(a.issues[0].line >= 4);
  REQUIRE(a.workflows.size() == 1);
  CHECK(a.workflows[0].path == ".github/workflows/good.yml");
  CHECK(job(a).auth == core::Auth::token);
}

TEST_CASE("hostile YAML neither crashes nor hangs") {
  std::string deep = "on: push\njobs: ";
  for (int i = 0; i < 5000; ++i) {
    deep += "[";
  }
  auto a = analyse(deep);
  CHECK(a.issues.size() == 1);

  std::string bomb = "on: push\nx0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    bomb += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int n = 0; n < 9; ++n) {
      bomb += std::string(n ? ", " : "") + "*a" + std::to_string(i - 1);
    }
    bomb += "]\n";
  }
  bomb += "env: *a11\njobs:\n  j:\n    runs-on: ubuntu-latest\n    env: *a11\n    steps: *a11\n";
  // Over the alias limit (yaml/limits.hpp): an error at the alias that crosses
  // it, not an analysis that walks billions of nodes.
  auto b = analyse(bomb);
  REQUIRE(b.issues.size() == 1);
  CHECK(b.issues[0].message == "YAML aliases expand to more than 100000 nodes (the limit)");
  CHECK(b.issues[0].line == 7);
  CHECK(b.workflows.empty());

  auto c = analyse("- just\n- a list\n");
  CHECK(c.issues.size() == 1);
  auto d = analyse("");
  CHECK(d.issues.size() == 1);
}

TEST_CASE("only files directly in .github/workflows are workflows") {
  core::MemoryRepoView repo;
  repo.add(".github/workflows/sub/x.yml", "on: push\njobs: {}\n");
  repo.add(".github/workflows/README.md", "# docs\n");
  repo.add(".github/workflows/a.yaml", "on: push\njobs: {}\n");
  auto a = workflow::analyze_repository(repo, test::builtin_rules());
  REQUIRE(a.workflows.size() == 1);
  CHECK(a.workflows[0].path == ".github/workflows/a.yaml");
}

TEST_CASE("truncated and corrupted workflows never throw and always yield a report or an error") {
  std::vector<std::string> samples = {
      "on: push\njobs:\n  p:\n    runs-on: [self-hosted]\n    steps:\n      - run: |\n          "
      "echo \"//r/:_authToken=$T\" > .npmrc\n"
      "          npm publish\n        env: {T: '${{ secrets.NPM_TOKEN }}'}\n",
      "on: {workflow_call: {}}\njobs:\n  p:\n    uses: ./.github/workflows/release.yml\n    "
      "secrets: inherit\n",
      "on: push\npermissions: write-all\njobs:\n  p:\n    runs-on: ubuntu-latest\n    container: "
      "{image: 'node:22'}\n"
      "    steps:\n      - uses: changesets/action@v1\n        with: {publish: 'yarn release'}\n"
      "      - run: >\n          cat <<EOF | tee ~/.npmrc\n          x\n          EOF\n"};
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
  };
  int runs = 0;
  for (const auto& sample : samples) {
    for (std::size_t cut = 0; cut <= sample.size(); cut += 3) {
      auto a =
          analyse(sample.substr(0, cut),
                  {{"package.json", R"({"name": "w", "scripts": {"release": "yarn release"}})"}});
      CHECK(a.workflows.size() + a.issues.size() >= 1);
      ++runs;
    }
    for (int i = 0; i < 60; ++i) {
      std::string mutated = sample;
      for (int n = 0; n < 3; ++n) {
        mutated[next() % mutated.size()] = static_cast<char>("{}[]:|>-&*!'\"\n #$`\\"[next() % 20]);
      }
      CHECK_NOTHROW(analyse(mutated));
      ++runs;
    }
  }
  CHECK(runs > 200);
}

TEST_CASE("snippets never show a literal credential") {
  // Built at run time: nothing token-shaped is committed.
  std::string token = "npm_";
  for (int i = 0; i < 36; ++i) {
    token.push_back("aB3xY9kQ"[i % 8]);
  }
  auto a = analyse(
      "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n"
      "      - run: npm publish --//registry.npmjs.org/:_authToken=" +
      token + "\n        env:\n          NODE_AUTH_TOKEN: " + token + "\n          NPM_TOKEN: '" +
      token + "'\n");
  REQUIRE(!a.findings.empty());
  for (const auto& f : a.findings) {
    INFO(f.rule_id);
    CHECK(f.snippet.find(token.substr(6, 8)) == std::string::npos);
    CHECK(f.message.find(token.substr(6, 8)) == std::string::npos);
    CHECK(f.fingerprint.find(token.substr(6, 8)) == std::string::npos);
  }
  auto json = workflow::testing::to_json(a).dump();
  CHECK(json.find(token.substr(6, 8)) == std::string::npos);
}

TEST_CASE("the suggested npm trust command never runs repository text") {
  // Package name, workflow file name and environment come from the repository.
  auto a = analyse(
      R"(on: {push: {tags: ['v*']}}
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: "npm; touch y #"
    permissions: {contents: read, id-token: write}
    steps:
      - uses: actions/setup-node@v4
        with: {node-version: 24}
      - run: npm publish
)",
      {{"package.json", R"({"name": "widgets$(touch x)`touch z`'q"})"}},
      ".github/workflows/rel$(touch w).yml");
  const auto& j = job(a);
  REQUIRE(j.trusted_publisher);
  std::vector<std::string> shown = {j.trusted_publisher->command};
  for (const auto& advice : j.advice) {
    auto at = advice.find("npm trust github");
    if (at != std::string::npos) {
      shown.push_back(advice.substr(at));
    }
  }
  REQUIRE(shown.size() == 2);
  test::TempDir dir;
  for (const auto& command : shown) {
    INFO(command);
    // `npm` is a no-op here: only the shell's own expansion could create a file.
    std::string script = "cd " + util::shell_quote(dir.str()) + " && npm() { :; } && " + command;
    CHECK(std::system(("sh -c " + util::shell_quote(script)).c_str()) == 0);
    for (const char* name : {"x", "y", "z", "w"}) {
      CHECK_FALSE(std::filesystem::exists(dir.path() / name));
    }
  }
  CHECK(j.trusted_publisher->command ==
        "npm trust github 'widgets$(touch x)`touch z`'\\''q' --file 'rel$(touch w).yml' "
        "--repo acme/widgets --env 'npm; touch y #' --allow-publish");
}

TEST_CASE("matrix_reference names the key of a lone matrix expression") {
  CHECK(workflow::matrix_reference("${{ matrix.os }}") == "os");
  CHECK(workflow::matrix_reference("  ${{matrix.node-version}} ") == "node-version");
  CHECK_FALSE(workflow::matrix_reference("${{ matrix.os.name }}"));
  CHECK_FALSE(workflow::matrix_reference("${{ matrix.os || 'ubuntu-latest' }}"));
  CHECK_FALSE(workflow::matrix_reference("${{ inputs.runner }}"));
  CHECK_FALSE(workflow::matrix_reference("linux-${{ matrix.os }}"));
  CHECK_FALSE(workflow::matrix_reference("${{ matrix. }}"));
}

TEST_CASE(
    "gitlab ci file option: another top-level CI file is the pipeline and the publisher's file") {
  core::MemoryRepoView repo;
  repo.add("ci/pipeline.yml", "include:\n  - local: ci/jobs.yml\n");
  repo.add("ci/jobs.yml",
           "publish:\n  image: node:22\n  script:\n    - npm publish\n"
           "  variables:\n    NODE_AUTH_TOKEN: $NPM_TOKEN\n");
  repo.add("package.json", R"({"name": "widgets", "version": "1.0.0"})");
  workflow::AnalysisOptions options;
  options.gitlab_ci_file = "ci/pipeline.yml";
  auto analysis = workflow::analyze_repository(repo, test::builtin_rules(), options);
  const core::JobReport* publish = nullptr;
  for (const auto& w : analysis.workflows) {
    for (const auto& job : w.jobs) {
      if (job.id == "publish") {
        publish = &job;
      }
    }
  }
  REQUIRE(publish != nullptr);
  CHECK(publish->publishes());
  REQUIRE(publish->trusted_publisher);
  CHECK(publish->trusted_publisher->ci_file == "ci/pipeline.yml");

  options.gitlab_ci_file = "ci/missing.yml";
  auto missing = workflow::analyze_repository(repo, test::builtin_rules(), options);
  CHECK(std::any_of(missing.issues.begin(), missing.issues.end(), [](const auto& issue) {
    return issue.path == "ci/missing.yml" && issue.kind == core::ScanIssue::Kind::error;
  }));
}
