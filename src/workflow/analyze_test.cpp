#include "workflow/analyze.hpp"

#include <iostream>

#include "rules/rule_loader.hpp"
#include "tests/support/catch.hpp"
#include "tests/workflows/analysis_json.hpp"

using namespace nts;

namespace {

const rules::RuleSet& builtin_rules() {
  static const rules::RuleSet set = [] {
    auto loaded = rules::load_builtin_rules();
    REQUIRE(loaded.ok());
    auto compiled = rules::RuleSet::compile(std::move(*loaded));
    REQUIRE(compiled.ok());
    return std::move(*compiled);
  }();
  return set;
}

workflow::Analysis analyse(const std::string& workflow_text,
                           std::vector<std::pair<std::string, std::string>> extra = {}) {
  core::MemoryRepoView repo;
  repo.add(".github/workflows/release.yml", workflow_text);
  for (auto& [path, text] : extra) {
    repo.add(path, text);
  }
  repo.set_remote_url("https://github.com/acme/widgets.git");
  return workflow::analyze_repository(repo, builtin_rules());
}

}  // namespace

TEST_CASE("smoke: token publish") {
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
  std::cout << workflow::testing::to_json(a).dump(2) << "\n";
  REQUIRE(a.workflows.size() == 1);
}
