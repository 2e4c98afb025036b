#include "rules/rule_loader.hpp"

#include "rules/rule_set.hpp"
#include "tests/support/catch.hpp"

using namespace nts::rules;

namespace {
const char* k_minimal =
    "id: demo\n"
    "title: demo\n"
    "severity: high\n"
    "confidence: high\n"
    "keywords: [demo_]\n"
    "pattern: 'demo_(?P<secret>[a-z]{4})'\n"
    "message: m\n"
    "help: h\n"
    "examples:\n"
    "  match: ['demo_abcd']\n"
    "  no_match: ['demo_ab']\n";
}

TEST_CASE("a minimal rule loads") {
  auto rule = load_rule("rules/demo.yaml", k_minimal);
  REQUIRE(rule.ok());
  CHECK(rule->id == "demo");
  CHECK(rule->match_examples.size() == 1);
  CHECK(rule->match_examples[0].line == 10);
}

TEST_CASE("rule errors point at the file, line and column") {
  std::string text = k_minimal;
  text.replace(text.find("pattern"), 7, "pattrn");
  auto rule = load_rule("rules/demo.yaml", text);
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().describe_with_context() ==
        "rules/demo.yaml:6:1: unknown key 'pattrn' (did you mean 'pattern'?)\n"
        "pattrn: 'demo_(?P<secret>[a-z]{4})'\n"
        "^");
}

TEST_CASE("the id must equal the file name") {
  auto rule = load_rule("rules/other.yaml", k_minimal);
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().describe() ==
        "rules/other.yaml:1:5: rule id 'demo' must equal the file name 'other'");
}

TEST_CASE("bad severity and invalid YAML are located") {
  std::string text = k_minimal;
  text.replace(text.find("severity: high"), 14, "severity: urgent");
  CHECK(load_rule("rules/demo.yaml", text).error().describe() ==
        "rules/demo.yaml:3:11: severity must be info, low, medium or high, not 'urgent'");
  CHECK(load_rule("rules/demo.yaml", "id: [unclosed\n")
            .error()
            .describe()
            .rfind("rules/demo.yaml:2:", 0) == 0);
}

TEST_CASE("patterns that do not compile or lack a secret group are rejected") {
  std::string text = k_minimal;
  text.replace(text.find("'demo_(?P<secret>[a-z]{4})'"), 27, "'demo_([a-z'");
  auto rule = load_rule("rules/demo.yaml", text);
  REQUIRE(rule.ok());
  auto set = RuleSet::compile({*rule});
  REQUIRE_FALSE(set.ok());
  CHECK(set.error().describe() ==
        "rules/demo.yaml: rule 'demo': pattern: does not compile: missing ]: [a-z");

  std::string no_group = k_minimal;
  no_group.replace(no_group.find("(?P<secret>"), 11, "(");
  auto set2 = RuleSet::compile({*load_rule("rules/demo.yaml", no_group)});
  REQUIRE_FALSE(set2.ok());
  CHECK(set2.error().message ==
        "rule 'demo': pattern: needs a named group (?P<secret>…) around the secret");
}

TEST_CASE("the builtin rules load and compile") {
  auto rules = parse_builtin_rules();
  REQUIRE(rules.ok());
  CHECK(rules->size() >= 8);
  REQUIRE(RuleSet::compile(*rules).ok());
}

TEST_CASE("leak: marks a rule a repository config may not switch off") {
  std::string text = k_minimal;
  CHECK_FALSE(load_rule("rules/demo.yaml", text)->leak);
  auto leak = load_rule("rules/demo.yaml", text + "leak: true\n");
  REQUIRE(leak.ok());
  CHECK(leak->leak);
  auto bad = load_rule("rules/demo.yaml", text + "leak: sometimes\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().describe_with_context() ==
        "rules/demo.yaml:12:7: leak must be true or false\n"
        "leak: sometimes\n"
        "      ^");
}
