#include "workflow/circleci.hpp"

#include <algorithm>

#include "core/provider.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "workflow/analyze.hpp"

using namespace nts;

namespace {

const std::string k_publish = R"(version: 2.1
jobs:
  publish:
    docker:
      - image: cimg/node:24.4
    steps:
      - run: npm publish
)";

workflow::Analysis analyse(const std::string& config,
                           const std::string& path = ".circleci/config.yml",
                           const workflow::AnalysisOptions& options = {}) {
  core::MemoryRepoView repo;
  repo.add(path, config);
  repo.add(".github/workflows/release.yml",
           "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n"
           "      - run: npm publish\n");
  repo.add("package.json", R"({"name": "widgets", "version": "1.0.0"})");
  return workflow::analyze_repository(repo, test::builtin_rules(), options);
}

const core::WorkflowReport* circleci(const workflow::Analysis& a) {
  for (const auto& w : a.workflows) {
    if (w.provider == core::Provider::circleci) {
      return &w;
    }
  }
  return nullptr;
}

bool has_issue(const workflow::Analysis& a, const std::string& text, int line = -1) {
  return std::any_of(a.issues.begin(), a.issues.end(), [&](const core::ScanIssue& issue) {
    return issue.path == ".circleci/config.yml" && issue.message.find(text) != std::string::npos &&
           (line < 0 || issue.line == line);
  });
}

}  // namespace

TEST_CASE("circleci: a publishing job is a circleci entry named by the config path") {
  auto a = analyse(k_publish);
  const auto* w = circleci(a);
  REQUIRE(w);
  CHECK(w->path == ".circleci/config.yml");
  REQUIRE(w->jobs.size() == 1);
  CHECK(w->jobs[0].id == "publish");
  CHECK(w->jobs[0].publishes());
  CHECK(w->jobs[0].trusted_publisher->provider == core::Provider::circleci);
}

TEST_CASE("circleci: --circleci-config reads another path") {
  workflow::AnalysisOptions options;
  options.circleci_config = "ci/circle.yml";
  auto a = analyse(k_publish, "ci/circle.yml", options);
  const auto* w = circleci(a);
  REQUIRE(w);
  CHECK(w->path == "ci/circle.yml");
}

TEST_CASE("circleci: malformed YAML is a located error and the GitHub workflow is still analysed") {
  auto a = analyse("version: 2.1\njobs:\n  publish:\n    docker: [ { image: x\n    steps: []\n");
  CHECK(circleci(a) == nullptr);
  CHECK(has_issue(a, "invalid YAML"));
  REQUIRE(a.workflows.size() == 1);
  CHECK(a.workflows[0].jobs[0].publishes());
}

TEST_CASE("circleci: an alias bomb is refused before a tree is built") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'k'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) {
      bomb += std::string(i ? ", *" : "*") + previous;
    }
    bomb += "]\n";
    previous = name;
  }
  auto a = analyse(bomb + k_publish);
  CHECK(circleci(a) == nullptr);
  CHECK_FALSE(a.issues.empty());
  CHECK(a.workflows.size() == 1);
}

TEST_CASE("circleci: a 50 MB config is not analysed, with a note naming the limit") {
  std::string huge = k_publish + "# " + std::string(50u << 20, 'x') + "\n";
  auto a = analyse(huge);
  CHECK(circleci(a) == nullptr);
  CHECK(has_issue(a, "larger than"));
  CHECK(a.workflows.size() == 1);
}

TEST_CASE("circleci: a step naming a missing command is a located note, and the rest is read") {
  auto a = analyse(R"(version: 2.1
jobs:
  publish:
    docker:
      - image: cimg/node:24.4
    steps:
      - checkout
      - no-such-command
      - run: npm publish
)");
  CHECK(has_issue(a, "'no-such-command' is neither a command", 8));
  const auto* w = circleci(a);
  REQUIRE(w);
  CHECK(w->jobs[0].publishes());
}

TEST_CASE("circleci: commands that invoke each other are cut, not followed forever") {
  auto a = analyse(R"(version: 2.1
commands:
  a:
    steps: [b]
  b:
    steps: [a]
jobs:
  build:
    docker: [{image: cimg/node:24.4}]
    steps: [a]
)");
  CHECK(has_issue(a, "invokes itself"));
  REQUIRE(circleci(a));
}
