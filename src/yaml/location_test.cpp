#include "yaml/location.hpp"

#include <yaml-cpp/yaml.h>

#include "tests/support/catch.hpp"
#include "yaml/mark.hpp"

using namespace nts;
using namespace nts::yaml;

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
  auto offset = source.locate(mark_of(node), value, at);
  return text.substr(offset, needle.size());
}

Position where(const std::string& text, const YAML::Node& node, const std::string& needle) {
  SourceText source(text);
  auto offset = source.locate(mark_of(node), node.Scalar(), node.Scalar().find(needle));
  return source.position(offset);
}

}  // namespace

TEST_CASE("yaml location: literal block scalar") {
  std::string text = "run: |\n  npm ci\n  npm publish --tag next\n  npm publish\n";
  auto root = YAML::Load(text);
  CHECK(landing(text, root["run"], "npm publish") == "npm publish");
  auto p = where(text, root["run"], "npm publish");
  CHECK(p.line == 3);
  CHECK(p.column == 3);
  SourceText source(text);
  auto value = root["run"].Scalar();
  auto second =
      source.position(source.locate(mark_of(root["run"]), value, value.rfind("npm publish")));
  CHECK(second.line == 4);
}

TEST_CASE(
    "yaml location: literal block with indentation indicator, comment and nested indentation") {
  std::string text =
      "steps:\n  - run: |2-  # publish\n        if true; then\n          npm publish\n        fi\n";
  auto root = YAML::Load(text);
  auto run = root["steps"][0]["run"];
  auto p = where(text, run, "npm publish");
  CHECK(p.line == 4);
  CHECK(p.column == 11);
}

TEST_CASE("yaml location: folded block scalar joins lines") {
  std::string text = "run: >\n  npm publish\n  --access public\n  --tag next\n";
  auto root = YAML::Load(text);
  CHECK(root["run"].Scalar() == "npm publish --access public --tag next\n");
  auto p = where(text, root["run"], "--tag");
  CHECK(p.line == 4);
  CHECK(p.column == 3);
  CHECK(landing(text, root["run"], "--access public") == "--access public");
}

TEST_CASE("yaml location: quoted and plain scalars") {
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

TEST_CASE("yaml location: flow style") {
  std::string text = "steps: [{run: npm publish, env: {NPM_TOKEN: \"${{ secrets.T }}\"}}]\n";
  auto root = YAML::Load(text);
  auto step = root["steps"][0];
  auto p = where(text, step["run"], "npm publish");
  CHECK(p.line == 1);
  CHECK(p.column == 15);
  auto q = where(text, step["env"]["NPM_TOKEN"], "secrets");
  CHECK(text.substr(q.offset, 7) == "secrets");
}

TEST_CASE("yaml location: anchors and aliases resolve to the anchored text") {
  std::string text = "x: &cmd |\n  npm publish\ny: *cmd\nz: &plain npm whoami\n";
  auto root = YAML::Load(text);
  auto p = where(text, root["y"], "npm publish");
  CHECK(p.line == 2);
  CHECK(p.column == 3);
  auto q = where(text, root["z"], "whoami");
  CHECK(q.line == 4);
  CHECK(q.column == 15);
}

TEST_CASE("yaml location: columns count code points, CRLF and BOM") {
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
  auto offset = bom_source.locate(mark_of(b["run"]), "npm publish", 0);
  CHECK(bom.substr(offset, 3) == "npm");
}

TEST_CASE("yaml location: falls back to a whitespace-tolerant search, then to the mark") {
  SourceText source("k: v\nrun: |\n  echo   hi\n");
  // A value that does not match the raw text: the fragment is searched.
  auto offset = source.locate(Mark{1, 5}, "zz echo hi", 3);
  CHECK(source.position(offset).line == 3);
  CHECK(source.locate(Mark{1, 5}, "nothing here", 0) == 14);  // offset 0 is the content start
  auto fallback = source.locate(Mark{1, 5}, "nothing here", 3);
  CHECK(fallback == source.offset_of(Mark{1, 5}));
}

TEST_CASE("yaml location: a byte order mark is not a column, and marks map both ways") {
  std::string bom = "\xEF\xBB\xBFname: caf\xC3\xA9\nrun: x\n";
  SourceText source(bom);
  auto root = YAML::Load(bom);
  auto name = source.position(mark_of(root["name"]));
  CHECK(name.line == 1);
  CHECK(name.column == 7);  // as an editor shows it: the mark is not counted
  CHECK(source.line_text(1) == "name: caf\xC3\xA9");
  CHECK(offset_of(bom, mark_of(root["name"])) == name.offset);
  CHECK(line_text(bom, 1) == "name: caf\xC3\xA9");
  // offset_at is position()'s inverse, in code points past a two-byte one.
  auto run = source.position(mark_of(root["run"]));
  CHECK(source.offset_at(run.line, run.column) == run.offset);
  CHECK(source.offset_at(1, 11) == bom.find('\n'));
  CHECK(source.position(source.offset_at(1, 10)).column == 10);
}

TEST_CASE("yaml location: errors name path, line and a code-point column, with the line") {
  std::string text = "a: \xC3\xA9\xC3\xA9 [\nb: 1\n";
  core::Error error;
  try {
    (void)YAML::Load(text + "- x\n");
    FAIL("the text should not parse");
  } catch (const YAML::Exception& e) {
    error = error_at("x.yml", text + "- x\n", mark_of(e.mark), "invalid YAML: " + e.msg, "fix it");
  }
  REQUIRE(error.location);
  CHECK(error.location->path == "x.yml");
  CHECK(error.location->line >= 1);
  CHECK(!error.excerpt.empty());
  CHECK(error.describe_with_context().find("\nfix it") != std::string::npos);
  // A mark after two-byte characters: the column counts them once each.
  auto at = error_at("x.yml", text, Mark{0, 8}, "here");
  CHECK(at.location->line == 1);
  CHECK(at.location->column == 7);
  CHECK(at.excerpt == "a: \xC3\xA9\xC3\xA9 [");
  CHECK(at.describe_with_context().find("\n      ^") != std::string::npos);
  // An unknown mark is a file-level error.
  auto whole = error_at("x.yml", text, Mark{}, "whole file");
  CHECK(whole.location->line == 0);
  CHECK(whole.excerpt.empty());
  CHECK(line_number(Mark{}) == 0);
  CHECK(line_number(Mark{2, 0}) == 3);
}
