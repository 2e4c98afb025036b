#include <set>
#include <string>

#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "workflow/rules/rule.hpp"

using namespace nts;

TEST_CASE("workflow rules: one registered rule per rule file with engine: workflow") {
  std::set<std::string> registered;
  for (const auto& rule : workflow::workflow_rules()) {
    CHECK(registered.insert(std::string(rule->id())).second);  // registered once
  }
  std::set<std::string> declared;
  for (const auto& rule : test::builtin_rules().rules()) {
    if (rule.engine == rules::Engine::workflow) {
      declared.insert(rule.id);
    }
  }
  CHECK(registered == declared);
  CHECK(registered.size() == 9);
}
