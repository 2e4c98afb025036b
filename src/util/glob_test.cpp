#include "util/glob.hpp"

#include <string>

#include "tests/support/catch.hpp"

using nts::util::glob_match;
using nts::util::glob_names_a_directory;

TEST_CASE("glob: * and ? stay inside one path segment") {
  CHECK(glob_match("src/*.js", "src/index.js"));
  CHECK_FALSE(glob_match("src/*.js", "src/lib/index.js"));
  CHECK(glob_match("src/?.js", "src/a.js"));
  CHECK_FALSE(glob_match("src/?.js", "src/ab.js"));
  CHECK_FALSE(glob_match("src?index.js", "src/index.js"));
  CHECK(glob_match("docs/*", "docs/a.md"));
  CHECK(glob_match("a*b*c", "axxbyyc"));
  CHECK_FALSE(glob_match("a*b*c", "axxbyy"));
}

TEST_CASE("glob: ** spans directories, as in .gitignore") {
  CHECK(glob_match("**/.npmrc", ".npmrc"));
  CHECK(glob_match("**/.npmrc", "packages/cli/.npmrc"));
  CHECK(glob_match("tests/**/expected.json", "tests/expected.json"));
  CHECK(glob_match("tests/**/expected.json", "tests/a/b/expected.json"));
  CHECK_FALSE(glob_match("tests/**/expected.json", "src/tests/expected.json"));
  CHECK(glob_match("tests/**", "tests/a/b.txt"));
  CHECK_FALSE(glob_match("tests/**", "testsuite/a.txt"));
  CHECK(glob_match("**", "any/path/at/all"));
}

TEST_CASE("glob: a glob without a slash matches the name at any depth") {
  CHECK(glob_match("*.md", "README.md"));
  CHECK(glob_match("*.md", "docs/guide/setup.md"));
  CHECK(glob_match(".npmrc", "packages/a/.npmrc"));
  CHECK_FALSE(glob_match(".npmrc", "packages/a/.npmrc.bak"));
}

TEST_CASE("glob: a slash anchors the glob at the root") {
  CHECK(glob_match("docs/setup.md", "docs/setup.md"));
  CHECK_FALSE(glob_match("docs/setup.md", "site/docs/setup.md"));
  CHECK(glob_match("/docs/setup.md", "docs/setup.md"));
  CHECK(glob_match("./docs/setup.md", "docs/setup.md"));
}

TEST_CASE("glob: a directory covers everything below it") {
  CHECK(glob_match("tests/fixtures", "tests/fixtures/a/.npmrc"));
  CHECK(glob_match("tests/fixtures/", "tests/fixtures/a/.npmrc"));
  CHECK(glob_match("fixtures/", "tests/fixtures/.npmrc"));
  CHECK_FALSE(glob_match("fixtures/", "tests/fixtures"));  // a trailing '/' names a directory
  CHECK(glob_match("fixtures", "tests/fixtures"));
  CHECK_FALSE(glob_match("tests/fixtures", "tests/fixtures2/.npmrc"));
}

TEST_CASE("glob: other characters are literal") {
  CHECK(glob_match("[abc].md", "[abc].md"));
  CHECK_FALSE(glob_match("[abc].md", "a.md"));
  CHECK_FALSE(glob_match("a.md", "abmd"));
}

TEST_CASE("glob: hostile globs finish quickly") {
  std::string glob;
  for (int i = 0; i < 200; ++i) {
    glob += "**/*a*/";
  }
  glob += "b";
  std::string path;
  for (int i = 0; i < 200; ++i) {
    path += "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/";
  }
  path += "c";
  CHECK_FALSE(glob_match(glob, path));
  CHECK_FALSE(glob_match(std::string(5000, '*') + "b", std::string(5000, 'a')));
}

TEST_CASE("glob: a glob names a place only with a directory written out in full") {
  for (const char* named : {"test/fixtures/**", "examples/", "docs/example.npmrc", "/docs/*.npmrc",
                            "**/fixtures/**", "./a/b", "src/*"}) {
    CHECK(glob_names_a_directory(named));
  }
  // Wildcards only, or a file name or extension at any depth: a kind of file, not a place.
  for (const char* kind : {"**", "*", "/**/*", "./**", "?*", "*.*", "*a*", "*.md", ".npmrc",
                           "**/.npmrc", "**/*.npmrc", "*/x", "../**", "./", "*e*/"}) {
    CHECK_FALSE(glob_names_a_directory(kind));
  }
}

TEST_CASE("normalize_relative_path: dots, empty parts and climbing above the root") {
  using nts::util::AboveRoot;
  using nts::util::normalize_relative_path;
  CHECK(normalize_relative_path("//a/./b/../c/") == std::optional<std::string>("a/c"));
  CHECK(normalize_relative_path("./") == std::optional<std::string>(""));
  CHECK_FALSE(normalize_relative_path("a/../../b"));
  CHECK(normalize_relative_path("a/../../b", AboveRoot::stay_at_root) ==
        std::optional<std::string>("b"));
  CHECK(normalize_relative_path("${{ inputs.dir }}/x") ==
        std::optional<std::string>("${{ inputs.dir }}/x"));
}
