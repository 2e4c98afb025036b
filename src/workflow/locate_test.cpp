#include "workflow/locate.hpp"

#include <yaml-cpp/yaml.h>

#include "tests/support/catch.hpp"

using namespace nts::workflow;

namespace {

// Where `needle` (the n-th occurrence in the decoded value) lands in the file.
std::string landing(const std::string& text, const YAML::Node& node, const std::string& needle,
                    int nth = 0) {
  SourceText source(text);
  const std::string value = node.Scalar();
  std::size_t at = value.find(needle);
  for (int i = 0; i < nth && at != std::string::npos; ++i) {
    at = value.find(needle, at + 1);
  }
  REQUIRE(at != std::string::npos);
  auto offset = source.locate(node.Mark().line, node.Mark().column, value, at);
  return text.substr(offset, needle.size());
}

Position where(const std::string& text, const YAML::Node& node, const std::string& needle) {
  SourceText source(text);
  auto offset = source.locate(node.Mark().line, node.Mark().column, node.Scalar(),
                              node.Scalar().find(needle));
  return source.position(offset);
}

}  // namespace

TEST_CASE("locate: literal block scalar") {
  std::string text = "run: |\n  npm ci\n  npm publish --tag next\n  npm publish\n";
  auto root = YAML::Load(text);
  CHECK(landing(text, root["run"], "npm publish") == "npm publish");
  auto p = where(text, root["run"], "npm publish");
  CHECK(p.line == 3);
  CHECK(p.column == 3);
  SourceText source(text);
  auto value = root["run"].Scalar();
  auto second = source.position(source.locate(root["run"].Mark().line, root["run"].Mark().column,
                                              value, value.rfind("npm publish")));
  CHECK(second.line == 4);
}

TEST_CASE("locate: literal block with indentation indicator, comment and nested indentation") {
  std::string text =
      "steps:\n  - run: |2-  # publish\n        if true; then\n          npm publish\n        fi\n";
  auto root = YAML::Load(text);
  auto run = root["steps"][0]["run"];
  auto p = where(text, run, "npm publish");
  CHECK(p.line == 4);
  CHECK(p.column == 11);
}

TEST_CASE("locate: folded block scalar joins lines") {
  std::string text = "run: >\n  npm publish\n  --access public\n  --tag next\n";
  auto root = YAML::Load(text);
  CHECK(root["run"].Scalar() == "npm publish --access public --tag next\n");
  auto p = where(text, root["run"], "--tag");
  CHECK(p.line == 4);
  CHECK(p.column == 3);
  CHECK(landing(text, root["run"], "--access public") == "--access public");
}

TEST_CASE("locate: quoted and plain scalars") {
  std::string text =
      "a: \"echo \\\"x\\\" && npm publish\"\nb: 'it''s; npm publish'\nc: npm ci &&\n  npm "
      "publish\n";
  auto root = YAML::Load(text);
  CHECK(landing(text, root["a"], "npm publish") == "npm publish");
  CHECK(landing(text, root["b"], "npm publish") == "npm publish");
  auto p = where(text, root["c"], "npm publish");
  CHECK(p.line == 4);
  CHECK(p.column == 3);
}

TEST_CASE("locate: flow style") {
  std::string text = "steps: [{run: npm publish, env: {NPM_TOKEN: \"${{ secrets.T }}\"}}]\n";
  auto root = YAML::Load(text);
  auto step = root["steps"][0];
  auto p = where(text, step["run"], "npm publish");
  CHECK(p.line == 1);
  CHECK(p.column == 15);
  auto q = where(text, step["env"]["NPM_TOKEN"], "secrets");
  CHECK(text.substr(q.offset, 7) == "secrets");
}

TEST_CASE("locate: anchors and aliases resolve to the anchored text") {
  std::string text = "x: &cmd |\n  npm publish\ny: *cmd\nz: &plain npm whoami\n";
  auto root = YAML::Load(text);
  auto p = where(text, root["y"], "npm publish");
  CHECK(p.line == 2);
  CHECK(p.column == 3);
  auto q = where(text, root["z"], "whoami");
  CHECK(q.line == 4);
  CHECK(q.column == 15);
}

TEST_CASE("locate: columns count code points, CRLF and BOM") {
  std::string text = "# é\nk: \"é é\"; npm publish\n";
  text = "k: \"\xC3\xA9\xC3\xA9 npm publish\"\n";
  auto root = YAML::Load(text);
  auto p = where(text, root["k"], "npm");
  CHECK(p.column == 8);
  std::string crlf = "run: |\r\n  npm ci\r\n  npm publish\r\n";
  auto r = YAML::Load(crlf);
  auto q = where(crlf, r["run"], "npm publish");
  CHECK(q.line == 3);
  CHECK(q.column == 3);
  SourceText source(crlf);
  CHECK(source.line_text(3) == "  npm publish");
  std::string bom = "\xEF\xBB\xBFrun: npm publish\n";
  auto b = YAML::Load(bom);
  SourceText bom_source(bom);
  auto offset = bom_source.locate(b["run"].Mark().line, b["run"].Mark().column, "npm publish", 0);
  CHECK(bom.substr(offset, 3) == "npm");
}

TEST_CASE("locate: falls back to a whitespace-tolerant search, then to the mark") {
  SourceText source("k: v\nrun: |\n  echo   hi\n");
  // A value that does not match the raw text: the fragment is searched.
  auto offset = source.locate(1, 5, "zz echo hi", 3);
  CHECK(source.position(offset).line == 3);
  CHECK(source.locate(1, 5, "nothing here", 0) == 14);  // offset 0 is the content start
  auto fallback = source.locate(1, 5, "nothing here", 3);
  CHECK(fallback == source.offset_of_mark(1, 5));
}
