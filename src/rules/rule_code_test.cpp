#include "rules/rule_code.hpp"

#include "rules/builtin_rules.hpp"
#include "rules/rule_loader.hpp"
#include "tests/support/catch.hpp"

using namespace nts::rules;

namespace {

void check_same_examples(const std::vector<Example>& a, const std::vector<Example>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].text == b[i].text);
    CHECK(a[i].path == b[i].path);
    CHECK(a[i].line == b[i].line);
  }
}

}  // namespace

TEST_CASE("the rules compiled into code equal the rule files parsed now") {
  auto parsed = parse_builtin_rules();
  REQUIRE(parsed.ok());
  std::vector<Rule> built = builtin_rules();
  REQUIRE(built.size() == parsed->size());
  for (std::size_t i = 0; i < built.size(); ++i) {
    const Rule& a = built[i];
    const Rule& b = (*parsed)[i];
    INFO(b.id);
    CHECK(a.id == b.id);
    CHECK(a.title == b.title);
    CHECK(a.description == b.description);
    CHECK(a.severity == b.severity);
    CHECK(a.confidence == b.confidence);
    CHECK(a.engine == b.engine);
    CHECK(a.files == b.files);
    CHECK(a.keywords == b.keywords);
    CHECK(a.pattern == b.pattern);
    CHECK(a.validator == b.validator);
    CHECK(a.min_entropy == b.min_entropy);
    CHECK(a.fallback == b.fallback);
    CHECK(a.allow == b.allow);
    CHECK(a.leak == b.leak);
    CHECK(a.message == b.message);
    CHECK(a.help == b.help);
    CHECK(a.references == b.references);
    check_same_examples(a.match_examples, b.match_examples);
    check_same_examples(a.no_match_examples, b.no_match_examples);
    CHECK(a.source == b.source);
    CHECK(a.builtin_file == b.builtin_file);
  }
}

TEST_CASE("rule text becomes C++ literals that keep every byte") {
  Rule rule;
  rule.id = "demo";
  rule.message =
      "say \"hi\" \\ now?\n\t\xe2\x80\x94"
      "7";
  rule.min_entropy = 3.25;
  std::string code = rules_as_cpp({rule});
  // Octal escapes take at most three digits, so the '7' after them stays a '7';
  // '?' is escaped so that no "??x" trigraph can form.
  CHECK(code.find("rule.message = \"say \\\"hi\\\" \\\\ now\\077\\012\\011\\342\\200\\2247\";") !=
        std::string::npos);
  CHECK(code.find("rule.min_entropy = 3.25;") != std::string::npos);
  CHECK(code.find("std::vector<Rule> rules(1);") != std::string::npos);
}
