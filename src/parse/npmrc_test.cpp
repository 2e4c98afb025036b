#include "parse/npmrc.hpp"

#include "tests/support/catch.hpp"

using namespace nts::parse;

TEST_CASE("npmrc: registry-scoped auth keys, comments and quotes") {
  auto file = parse_npmrc(
      "# comment\n"
      "; another = comment\n"
      "registry=https://registry.npmjs.org/\n"
      "@acme:registry = https://npm.pkg.github.com\n"
      "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"
      "//npm.pkg.github.com/acme/:_authToken = \"${GH?}\"   # trailing\n"
      "always-auth=true\r\n"
      "not a key line\n");
  REQUIRE(file.entries.size() == 5);
  CHECK(file.entries[0].key == "registry");
  CHECK(file.entries[0].line == 3);
  CHECK(file.entries[1].key == "@acme:registry");
  CHECK(file.entries[1].value == "https://npm.pkg.github.com");
  CHECK(file.entries[2].scope == "//registry.npmjs.org/");
  CHECK(file.entries[2].key == "_authToken");
  CHECK(file.entries[2].env_references == std::vector<std::string>{"NPM_TOKEN"});
  CHECK(file.entries[3].scope == "//npm.pkg.github.com/acme/");
  CHECK(file.entries[3].value == "${GH?}");
  CHECK(file.entries[3].env_references == std::vector<std::string>{"GH"});
  CHECK(file.entries[4].value == "true");
}

TEST_CASE("npmrc: value offsets point at the value") {
  std::string text = "x=1\n//r/:_auth = 'abc'\n";
  auto file = parse_npmrc(text);
  REQUIRE(file.entries.size() == 2);
  CHECK(text.substr(file.entries[1].value_offset, 3) == "abc");
}

TEST_CASE("npmrc: env references") {
  CHECK(is_env_reference("${NPM_TOKEN}"));
  CHECK(is_env_reference("${NPM_TOKEN?}"));
  CHECK_FALSE(is_env_reference("$NPM_TOKEN"));
  CHECK_FALSE(is_env_reference("abc${X}"));
  CHECK(env_references("a\\${X}b${Y}") == std::vector<std::string>{"Y"});
}

TEST_CASE("npmrc: references with fallbacks and the literal parts beside them") {
  auto refs = find_env_references("${A:-lit}x${B-y}${C?}\\${D}");
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].name == "A");
  CHECK(refs[0].fallback_offset == 5);
  CHECK(refs[0].fallback_length == 3);
  CHECK(refs[1].name == "B");
  CHECK(refs[1].fallback_length == 1);
  CHECK(refs[2].name == "C");
  CHECK(refs[2].fallback_length == 0);
  auto parts = literal_parts("${A:-lit}x${B-y}${C?}\\${D}", refs);
  std::vector<std::pair<std::size_t, std::size_t>> expected = {{5, 3}, {9, 1}, {14, 1}, {21, 5}};
  CHECK(parts == expected);
  CHECK(env_references("${GH:-ghp_x}") == std::vector<std::string>{"GH"});
  CHECK_FALSE(is_env_reference("${GH:-ghp_x}"));
  CHECK(is_env_reference("${GH}"));
}
