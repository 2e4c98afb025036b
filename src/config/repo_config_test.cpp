#include "config/repo_config.hpp"

#include "rules/builtin_rules.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

namespace {

const std::vector<rules::Rule>& builtin() {
  static const auto loaded = rules::builtin_rules();
  return loaded;
}

// The error a config gives, with its excerpt, caret and hint.
std::string error_of(const std::string& text) {
  auto config = config::parse_repo_config(".npm-token-scan.yaml", text, builtin());
  REQUIRE_FALSE(config.ok());
  return config.error().describe_with_context();
}

core::Finding finding(std::string rule, std::string path) {
  core::Finding f;
  f.rule_id = std::move(rule);
  f.location.path = std::move(path);
  return f;
}

}  // namespace

TEST_CASE("config: a full config parses") {
  auto config = config::parse_repo_config(".npm-token-scan.yaml",
                                          "version: 1\n"
                                          "disable-rules: [tp-blocked-runner]\n"
                                          "ignore:\n"
                                          "  - paths: ['tests/fixtures/**', 'docs/*.md']\n"
                                          "    rules: [npm-access-token]\n"
                                          "    reason: fixtures hold generated tokens\n"
                                          "  - paths: examples/\n"
                                          "    reason: examples are never published\n",
                                          builtin());
  REQUIRE(config.ok());
  CHECK(config->source == ".npm-token-scan.yaml");
  CHECK(config->disabled_rules == std::vector<std::string>{"tp-blocked-runner"});
  REQUIRE(config->ignores.size() == 2);
  CHECK(config->ignores[0].paths == std::vector<std::string>{"tests/fixtures/**", "docs/*.md"});
  CHECK(config->ignores[0].rules == std::vector<std::string>{"npm-access-token"});
  CHECK(config->ignores[1].paths == std::vector<std::string>{"examples/"});
  CHECK(config->ignores[1].rules.empty());
  CHECK(config->ignores[1].reason == "examples are never published");
}

TEST_CASE("config: gitlab-ci-file and circleci-config are normalised repository paths") {
  auto config = config::parse_repo_config(
      ".npm-token-scan.yaml", "gitlab-ci-file: /ci//pipeline.yml\ncircleci-config: ./ci/c.yml\n",
      builtin());
  REQUIRE(config.ok());
  CHECK(config->gitlab_ci_file == "ci/pipeline.yml");
  CHECK(config->circleci_config == "ci/c.yml");
  auto defaults = config::parse_repo_config(".npm-token-scan.yaml", "version: 1\n", builtin());
  REQUIRE(defaults.ok());
  CHECK(defaults->gitlab_ci_file.empty());
  CHECK(defaults->circleci_config.empty());

  CHECK(error_of("gitlab-ci-file: ../elsewhere.yml\n")
            .find(".npm-token-scan.yaml:1:17: 'gitlab-ci-file' must be a path inside the "
                  "repository") != std::string::npos);
  CHECK(error_of("circleci-config: .\n").find("'circleci-config' must be a path inside the") !=
        std::string::npos);
  CHECK(error_of("circleci-config: [a.yml]\n").find("circleci-config") != std::string::npos);
}

TEST_CASE("config: an empty file configures nothing") {
  auto config = config::parse_repo_config(".npm-token-scan.yaml", "", builtin());
  REQUIRE(config.ok());
  CHECK(config->ignores.empty());
  CHECK(config->disabled_rules.empty());
}

TEST_CASE("config: disabling a leak rule is refused, with what to do instead") {
  CHECK(error_of("version: 1\n"
                 "disable-rules:\n"
                 "  - tp-blocked-runner\n"
                 "  - npm-access-token\n") ==
        ".npm-token-scan.yaml:4:5: 'npm-access-token' is a leak rule; a repository config may "
        "not switch it off\n"
        "  - npm-access-token\n"
        "    ^\n"
        "to accept a reviewed false positive, list its paths in the ignore entry, or use "
        "--baseline FILE or an inline `npm-token-scan: ignore[npm-access-token]` comment");
}

TEST_CASE("config: an ignore entry may not drop a leak rule in every file") {
  CHECK(error_of("ignore:\n"
                 "  - paths: ['**']\n"
                 "    rules: [url-credentials]\n"
                 "    reason: noisy\n") ==
        ".npm-token-scan.yaml:2:13: '**' names no directory, so it matches files anywhere in the "
        "repository and this entry would switch off the leak rule 'url-credentials' in them; a "
        "repository config may not\n"
        "  - paths: ['**']\n"
        "            ^\n"
        "start the glob with the directory it is for, written out in full: 'test/fixtures/**', "
        "'docs/example.npmrc' (see docs/configuration.md, \"Leak rules\"); to accept a reviewed "
        "false positive, list its paths in the ignore entry, or use --baseline FILE or an inline "
        "`npm-token-scan: ignore[url-credentials]` comment");
  CHECK(error_of("ignore:\n"
                 "  - rules: [npmrc-auth-token]\n"
                 "    reason: noisy\n")
            .rfind(".npm-token-scan.yaml:2:13: 'npmrc-auth-token' is a leak rule; a repository "
                   "config may not switch it off\n",
                   0) == 0);
  CHECK(error_of("ignore:\n"
                 "  - paths: '*'\n"
                 "    reason: everything\n") ==
        ".npm-token-scan.yaml:2:12: '*' names no directory, so it matches files anywhere in the "
        "repository, and the entry lists no 'rules', so it would switch off the leak rules in "
        "them; a repository config may not\n"
        "  - paths: '*'\n"
        "           ^\n"
        "name the rules it is for in 'rules', or start the glob with the directory it is for, "
        "written out in full: 'test/fixtures/**', 'docs/example.npmrc' (see "
        "docs/configuration.md, \"Leak rules\")");
  CHECK(error_of("ignore:\n"
                 "  - reason: everything\n") ==
        ".npm-token-scan.yaml:2:5: an ignore entry without 'paths' covers every file and lists "
        "no 'rules', so it would switch off the leak rules; a repository config may not\n"
        "  - reason: everything\n"
        "    ^\n"
        "name the rules it is for in 'rules', or name the paths in 'paths'");
}

TEST_CASE("config: a leak-rule ignore must name a directory, not a kind of file (issue 15.8)") {
  // Before: only globs made of wildcards alone were refused, so these switched
  // every leak rule off in every file (and the org dashboard showed 0 leaks).
  for (const char* glob : {"*.*", "*a*", "*e*", "**/*.npmrc", "**/.npmrc", ".npmrc", "*.md"}) {
    INFO(glob);
    auto without_rules =
        error_of(std::string("ignore:\n  - paths: ['docs/', '") + glob + "']\n    reason: r\n");
    CHECK(without_rules.rfind(
              std::string(".npm-token-scan.yaml:2:22: '") + glob + "' names no directory", 0) == 0);
    CHECK(without_rules.find("\n                     ^\n") != std::string::npos);
    auto for_leak =
        error_of(std::string("ignore:\n  - paths: ['") + glob +
                 "']\n    rules: [tp-blocked-runner, npmrc-auth-token]\n    reason: r\n");
    CHECK(for_leak.find("switch off the leak rule 'npmrc-auth-token'") != std::string::npos);
  }
  // Narrowed to a place: accepted for leak rules; any glob for other rules.
  auto narrowed = config::parse_repo_config(".npm-token-scan.yaml",
                                            "ignore:\n"
                                            "  - paths: ['test/fixtures/**', docs/example.npmrc, "
                                            "'**/fixtures/*.npmrc', examples/]\n"
                                            "    reason: generated fixtures\n"
                                            "  - paths: ['*.md', '*.*']\n"
                                            "    rules: [npm-token-placeholder]\n"
                                            "    reason: documentation\n",
                                            builtin());
  CHECK(narrowed.ok());
}

TEST_CASE("config: non-leak rules may be ignored everywhere") {
  auto config = config::parse_repo_config(".npm-token-scan.yaml",
                                          "ignore:\n"
                                          "  - rules: [npm-token-publish]\n"
                                          "    reason: migrating next quarter\n",
                                          builtin());
  REQUIRE(config.ok());
  CHECK(config->ignores[0].paths.empty());
}

TEST_CASE("config: unknown keys and rule ids say what was meant") {
  CHECK(error_of("version: 1\nignores: []\n") ==
        ".npm-token-scan.yaml:2:1: unknown key 'ignores' (did you mean 'ignore'?)\n"
        "ignores: []\n"
        "^");
  CHECK(error_of("ignore:\n  - path: [a]\n    reason: r\n") ==
        ".npm-token-scan.yaml:2:5: unknown key 'path' (did you mean 'paths'?)\n"
        "  - path: [a]\n"
        "    ^");
  CHECK(error_of("disable-rules: [tp-blocked-runer]\n") ==
        ".npm-token-scan.yaml:1:17: unknown rule 'tp-blocked-runer' (did you mean "
        "'tp-blocked-runner'?)\n"
        "disable-rules: [tp-blocked-runer]\n"
        "                ^\n"
        "`npm-token-scan rules list` shows every rule id");
}

TEST_CASE("config: shape errors are located") {
  CHECK(error_of("version: 2\n") ==
        ".npm-token-scan.yaml:1:10: unsupported config version '2' (this npm-token-scan reads "
        "1)\n"
        "version: 2\n"
        "         ^");
  CHECK(error_of("- a\n") ==
        ".npm-token-scan.yaml:1:1: a repository config must be a YAML mapping (see "
        "docs/configuration.md)\n"
        "- a\n"
        "^");
  CHECK(error_of("ignore:\n  - paths: [docs/]\n") ==
        ".npm-token-scan.yaml:2:5: an ignore entry needs a 'reason': say why these findings "
        "are no problem\n"
        "  - paths: [docs/]\n"
        "    ^");
  CHECK(error_of("ignore:\n  - paths: ['']\n    reason: r\n") ==
        ".npm-token-scan.yaml:2:13: an empty path glob matches nothing\n"
        "  - paths: ['']\n"
        "            ^");
  CHECK(error_of("ignore: docs\n") ==
        ".npm-token-scan.yaml:1:9: 'ignore' must be a list of entries with 'paths', 'rules' and "
        "'reason'\n"
        "ignore: docs\n"
        "        ^");
}

TEST_CASE("config: malformed YAML is located") {
  CHECK(error_of("ignore:\n  - paths: [a\n") ==
        ".npm-token-scan.yaml:3:1: invalid YAML: end of sequence flow not found");
}

TEST_CASE("config: findings are left out by rule and path") {
  auto config = config::parse_repo_config(".npm-token-scan.yaml",
                                          "disable-rules: [tp-blocked-runner]\n"
                                          "ignore:\n"
                                          "  - paths: [tests/fixtures]\n"
                                          "    rules: [npm-access-token]\n"
                                          "    reason: generated fixtures\n"
                                          "  - paths: ['*.md']\n"
                                          "    rules: [npm-token-placeholder]\n"
                                          "    reason: documentation\n",
                                          builtin());
  REQUIRE(config.ok());
  std::vector<core::Finding> findings = {
      finding("tp-blocked-runner", ".github/workflows/release.yml"),
      finding("npm-access-token", "tests/fixtures/a/.npmrc"),
      finding("npm-legacy-token", "tests/fixtures/a/.npmrc"),
      finding("npm-access-token", "src/tests/fixtures/.npmrc"),
      finding("npm-token-placeholder", "docs/setup.md"),
  };
  CHECK(config::apply_repo_config(*config, findings) == 3);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].rule_id == "npm-legacy-token");
  CHECK(findings[1].location.path == "src/tests/fixtures/.npmrc");
  CHECK(config::ignored_note(3) == "3 findings left out: ignored by this repository config");
  CHECK(config::ignored_note(1) == "1 finding left out: ignored by this repository config");
}

TEST_CASE("config: globs are relative to the config's directory") {
  auto config = config::parse_repo_config(
      ".npm-token-scan.yaml", "ignore:\n  - paths: [packages/cli/.npmrc]\n    reason: r\n",
      builtin());
  REQUIRE(config.ok());
  config->path_prefix = "packages/cli/";
  std::vector<core::Finding> findings = {finding("npm-access-token", ".npmrc"),
                                         finding("npm-access-token", "sub/.npmrc")};
  CHECK(config::apply_repo_config(*config, findings) == 1);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].location.path == "sub/.npmrc");
}

TEST_CASE("config: the builtin leak rules are exactly the credential rules") {
  // Pinned: dropping `leak: true` from a rule file would let repositories
  // switch that rule off, so it has to show up here.
  std::vector<std::string> leaks;
  for (const auto& rule : builtin()) {
    if (rule.leak) {
      leaks.push_back(rule.id);
      CHECK(rule.severity == core::Severity::high);
    }
  }
  CHECK(leaks == std::vector<std::string>{"npm-access-token", "npm-legacy-token",
                                          "npmrc-auth-token", "npmrc-basic-auth", "url-credentials",
                                          "url-token-credentials", "yarnrc-auth-token"});
}
