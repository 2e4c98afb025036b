#include "parse/yarnrc.hpp"

#include "tests/support/catch.hpp"

using namespace nts::parse;

TEST_CASE("yarnrc.yml auth settings at every level, with exact offsets") {
  std::string text =
      "npmAuthToken: top-value\n"
      "npmScopes:\n"
      "  acme:\n"
      "    npmAuthToken: \"scoped-value\"\n"
      "npmRegistries:\n"
      "  \"//npm.example.com\":\n"
      "    npmAuthIdent: 'ci:pw'\n";
  auto entries = parse_yarnrc_yml(text);
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 3);
  CHECK((*entries)[0].where.empty());
  CHECK(text.substr((*entries)[0].value_offset, 9) == "top-value");
  CHECK((*entries)[1].where == "npmScopes.acme");
  CHECK(text.substr((*entries)[1].value_offset, 12) == "scoped-value");
  CHECK((*entries)[1].line == 4);
  CHECK((*entries)[2].where == "npmRegistries.//npm.example.com");
  CHECK((*entries)[2].key == "npmAuthIdent");
}

TEST_CASE("yarnrc.yml that does not parse is an error with a line") {
  auto entries = parse_yarnrc_yml("npmAuthToken: [oops\n");
  REQUIRE_FALSE(entries.ok());
  CHECK(entries.error().location->line == 2);
}

TEST_CASE("yarn 1 .yarnrc lines") {
  std::string text =
      "registry \"https://registry.npmjs.org\"\n\"//r.example.com/:_authToken\" \"abc\"\n_auth "
      "dXNlcjpwdw==\n";
  auto entries = parse_yarnrc(text);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].key == "_authToken");
  CHECK(entries[0].where == "//r.example.com/");
  CHECK(text.substr(entries[0].value_offset, 3) == "abc");
  CHECK(entries[1].key == "_auth");
  CHECK(entries[1].line == 3);
}
