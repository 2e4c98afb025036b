#include "yaml/limits.hpp"

#include "tests/support/catch.hpp"

using namespace nts;

namespace {

// "a: &a [x, x, ...]" then each level aliases the previous one `width` times.
std::string laughs(int levels, int width) {
  std::string text = "l0: &l0 [";
  for (int i = 0; i < width; ++i) {
    text += i == 0 ? "x" : ", x";
  }
  text += "]\n";
  for (int level = 1; level < levels; ++level) {
    std::string prev = "l" + std::to_string(level - 1);
    std::string name = "l" + std::to_string(level);
    text += name + ": &" + name + " [";
    for (int i = 0; i < width; ++i) {
      text += (i == 0 ? "*" : ", *") + prev;
    }
    text += "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("yaml limits: ordinary documents, aliases included, pass") {
  CHECK(yaml::check_limits("w.yml", "on: push\njobs:\n  a:\n    steps: [{run: x}]\n").ok());
  CHECK(yaml::check_limits("w.yml", "base: &b {runs-on: x}\njobs: {a: *b, c: *b}\n").ok());
  CHECK(yaml::check_limits("w.yml", laughs(4, 10)).ok());  // 1,110 nodes through aliases
}

TEST_CASE("yaml limits: text that is not YAML is left to the loader") {
  CHECK(yaml::check_limits("w.yml", "a: [unclosed\n").ok());
  CHECK(yaml::check_limits("w.yml", "\t- x: y\n  ]]]").ok());
  // yaml-cpp "finds" a new document at a stray ',' forever; only the first is read.
  CHECK(yaml::check_limits("w.yml", ",name: x\n").ok());
}

TEST_CASE("yaml limits: only the first document counts, as YAML::Load reads only that") {
  CHECK(yaml::check_limits("w.yml", "a: 1\n---\nb: " + std::string(100, '[') + "\n").ok());
}

TEST_CASE("yaml limits: nesting deeper than the limit is an error at the node") {
  std::string text = "jobs:\n  a: " + std::string(70, '[') + std::string(70, ']') + "\n";
  auto status = yaml::check_limits(".github/workflows/deep.yml", text);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().describe() ==
        ".github/workflows/deep.yml:2:68: YAML nested deeper than 64 levels (the limit)");
  CHECK(status.error().hint ==
        "no workflow, rule or config file needs this depth; flatten the document");
  CHECK(status.error().excerpt == text.substr(6, text.size() - 7));

  yaml::Limits shallow;
  shallow.max_depth = 2;
  CHECK(yaml::check_limits("x.yml", "a: {b: 1}\n", shallow).ok());
  auto deeper = yaml::check_limits("x.yml", "a: {b: [1]}\n", shallow);
  REQUIRE_FALSE(deeper.ok());
  CHECK(deeper.error().describe() == "x.yml:1:8: YAML nested deeper than 2 levels (the limit)");
}

TEST_CASE("yaml limits: a billion laughs stops at the alias that crosses the limit") {
  auto status = yaml::check_limits(".yarnrc.yml", laughs(9, 10));
  REQUIRE_FALSE(status.ok());
  // l0 is 11 nodes; l1..l3 alias 110 + 1,110 + 11,110 of them; l4's eighth alias of l3
  // (11,111 nodes each) crosses 100,000.
  CHECK(status.error().describe() ==
        ".yarnrc.yml:5:45: YAML aliases expand to more than 100000 nodes (the limit)");
  CHECK(status.error().excerpt.rfind("l4: &l4 [*l3, ", 0) == 0);

  yaml::Limits few;
  few.max_alias_nodes = 3;
  CHECK(
      yaml::check_limits("x.yml", "a: &a [1, 2]\nb: *a\n", few).ok());  // the sequence and 2 items
  CHECK_FALSE(yaml::check_limits("x.yml", "a: &a [1, 2]\nb: *a\nc: *a\n", few).ok());
}
