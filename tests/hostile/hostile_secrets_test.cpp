// Secrets a pull request can hide from the report, or make the report print:
// a literal credential beside a ${VAR} reference, a second token on a quoted
// line, a token written with YAML escapes. Every format, the org outputs and
// the org results state must hold no literal part of a credential.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "detect/example_template.hpp"
#include "detect/npm_token.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using namespace nts::test::hostile;
namespace fs = std::filesystem;

namespace {

std::string filled(const std::string& pattern, std::uint64_t seed) {
  auto text = detect::fill_templates(pattern, seed);
  REQUIRE(text);
  return *text;
}

// YAML double-quoted escapes for every byte of `text`: "\x6e\x70..." with
// prefix "\\x", "\u006e\u0070..." with prefix "\\u00".
std::string yaml_escaped(const std::string& text, const std::string& prefix) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    out += prefix;
    out += k_hex[byte >> 4];
    out += k_hex[byte & 0xf];
  }
  return out;
}

// The literal secrets and the files that hold them beside a reference.
struct BesideReference {
  std::string github_fallback = filled("ghp_{{alnum 36}}", 71);
  std::string suffix = filled("{{alnum 28}}", 72);
  std::string yarn_fallback = filled("{{alnum 32}}", 73);
  std::string yarn_suffix = filled("{{alnum 30}}", 74);
  std::vector<std::string> literals() const {
    return {github_fallback, suffix, yarn_fallback, yarn_suffix};
  }
  void plant(const std::function<void(const std::string&, const std::string&)>& write) const {
    write(".npmrc",
          "@acme:registry=https://npm.pkg.github.com\n"
          "//npm.pkg.github.com/:_authToken=${GH_PKG_TOKEN:-" +
              github_fallback +
              "}\n"
              "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" +
              suffix + "\n");
    write("packages/app/.yarnrc.yml",
          "npmScopes:\n  acme:\n    npmAuthToken: \"${YARN_TOKEN:-" + yarn_fallback +
              "}\"\nnpmRegistries:\n  \"https://registry.yarnpkg.com\":\n    npmAuthToken: "
              "${YARN_TOKEN}" +
              yarn_suffix + "\n");
  }
};

void expect_no_literal(const std::string& where, const std::string& text,
                       const std::vector<std::string>& literals) {
  for (const auto& literal : literals) {
    INFO(where << " holds a literal credential: " << text);
    // No part longer than the redaction keeps (2 characters) may appear.
    CHECK(text.find(literal.substr(2)) == std::string::npos);
    CHECK(text.find(literal.substr(0, literal.size() - 2)) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("hostile: a literal credential beside a ${VAR} reference is high and redacted") {
  test::TempDir dir;
  BesideReference planted;
  planted.plant(
      [&](const std::string& path, const std::string& content) { dir.write(path, content); });
  auto json = test::run_cli({"scan", "--all-files", "--format", "json", "."}, dir.str());
  INFO(json.err);
  CHECK(json.exit_code == 1);
  auto report = nlohmann::json::parse(json.out);
  int high = 0;
  for (const auto& finding : report["findings"]) {
    high += finding["severity"] == "high" ? 1 : 0;
    CHECK(finding["rule"] != "npm-token-reference");
  }
  CHECK(high == 4);
  for (const char* format : {"json", "text", "sarif", "github", "markdown", "csv"}) {
    auto result = test::run_cli({"scan", "--all-files", "--format", format, "."}, dir.str());
    CHECK(result.exit_code == 1);
    expect_no_literal(std::string(format) + " stdout", result.out, planted.literals());
    expect_no_literal(std::string(format) + " stderr", result.err, planted.literals());
  }
}

TEST_CASE("hostile: org outputs and results state hold no literal beside a reference") {
  BesideReference planted;
  test::RepoBuilder repo;
  planted.plant(
      [&](const std::string& path, const std::string& content) { repo.write(path, content); });
  repo.commit("config", "2026-01-01");
  test::TempDir work;
  auto list = work.write("repos.txt", repo.path() + "\n");
  for (const char* format : {"json", "csv", "markdown", "html"}) {
    auto result = test::run_cli(
        {"org", "--repos", list.string(), "--format", format, "--out",
         (work.path() / "state").string(), "--cache", (work.path() / "cache").string()},
        work.str());
    INFO(result.err);
    CHECK(result.exit_code == 1);
    expect_no_literal(std::string("org ") + format, result.out, planted.literals());
    expect_no_literal("org stderr", result.err, planted.literals());
  }
  for (const auto& entry : fs::recursive_directory_iterator(work.path() / "state")) {
    if (entry.is_regular_file()) {
      expect_no_literal(entry.path().string(), test::read_file(entry.path()), planted.literals());
    }
  }
}

TEST_CASE("hostile: every secret on a quoted line is masked, whichever finding quotes it") {
  test::TempDir dir;
  auto first = detect::make_npm_token(81);
  auto second = detect::make_npm_token(82);
  dir.write("deploy.sh", "export A=" + first + " B=" + second + " # deploy\n");
  for (const char* format : {"text", "json", "sarif", "github", "markdown", "csv"}) {
    auto result = test::run_cli({"scan", "--all-files", "--format", format, "."}, dir.str());
    INFO(format << "\n" << result.out);
    CHECK(result.exit_code == 1);
    for (const auto& secret : {first, second}) {
      CHECK(result.out.find(secret.substr(6)) == std::string::npos);
    }
  }
  // The pre-commit hook quotes the line in text on stderr/stdout the same way.
  test::RepoBuilder repo;
  repo.write("README.md", "# app\n");
  repo.commit("base", "2026-01-01");
  repo.stage("deploy.sh", "export A=" + first + " B=" + second + "\n");
  auto staged = test::run_cli({"scan", "--staged", "--format", "text", "."}, repo.path());
  CHECK(staged.exit_code == 1);
  for (const auto& secret : {first, second}) {
    CHECK(staged.out.find(secret.substr(6)) == std::string::npos);
    CHECK(staged.err.find(secret.substr(6)) == std::string::npos);
  }
}

TEST_CASE("hostile: a token written with YAML escapes in .yarnrc.yml is reported") {
  auto token = detect::make_npm_token(91);
  auto literal = filled("{{alnum 30}}", 92);
  test::TempDir dir;
  dir.write("a/.yarnrc.yml", "npmAuthToken: \"" + yaml_escaped(token, "\\x") + "\"\n");
  dir.write("b/.yarnrc.yml", "npmScopes:\n  acme:\n    npmAuthToken: \"" +
                                 yaml_escaped(token.substr(0, 20), "\\u00") + "\\\n      " +
                                 token.substr(20) + "\"\n");
  dir.write("c/.yarnrc.yml", "npmAuthToken: \"" + yaml_escaped(literal, "\\x") + "\"\n");
  auto result = test::run_cli({"scan", "--all-files", "--format", "json", "."}, dir.str());
  INFO(result.err << result.out);
  CHECK(result.exit_code == 1);
  auto report = nlohmann::json::parse(result.out);
  std::map<std::string, std::string> rule_by_path;
  for (const auto& finding : report["findings"]) {
    rule_by_path[finding["path"]] = finding["rule"];
    CHECK(finding["severity"] == "high");
  }
  CHECK(rule_by_path["a/.yarnrc.yml"] == "npm-access-token");
  CHECK(rule_by_path["b/.yarnrc.yml"] == "npm-access-token");
  CHECK(rule_by_path["c/.yarnrc.yml"] == "yarnrc-auth-token");
  for (const auto& finding : report["findings"]) {
    if (finding["path"] == "b/.yarnrc.yml") {
      CHECK(finding["line"] == 3);
    }
  }
  auto text = test::run_cli({"scan", "--all-files", "--format", "text", "."}, dir.str());
  CHECK(text.out.find(token.substr(6)) == std::string::npos);
}
