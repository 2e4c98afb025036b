// Hostile YAML and JSON: the limits on nesting and aliases (yaml/limits.hpp)
// in every file kind that goes through yaml-cpp, and analyses that must not
// trip over odd but valid workflows.
#include <filesystem>
#include <string>

#include "detect/npm_token.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/support/catch.hpp"

using namespace nts;
using namespace nts::test::hostile;

namespace {

// "l0: &l0 [x, ...]" and then each level aliasing the previous one `width` times.
std::string laughs(int levels, int width) {
  std::string text = "l0: &l0 [x";
  for (int i = 1; i < width; ++i) {
    text += ", x";
  }
  text += "]\n";
  for (int level = 1; level < levels; ++level) {
    std::string prev = "*l" + std::to_string(level - 1);
    std::string name = "l" + std::to_string(level);
    text += name + ": &" + name + " [" + prev;
    for (int i = 1; i < width; ++i) {
      text += ", " + prev;
    }
    text += "]\n";
  }
  return text;
}

std::string rule_file(const std::string& extra) {
  return "id: extra\ntitle: t\nseverity: high\nconfidence: high\npattern: "
         "'extra_(?P<secret>[a-z]{8})'\n"
         "message: m\nhelp: h\nexamples:\n  match: [extra_abcdefgh]\n  no_match: [extra_x]\n" +
         extra;
}

}  // namespace

TEST_CASE("hostile: workflow nesting just under the depth limit is still analysed") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    // jobs > build > steps > step > with > 58 levels of lists: 62 in all.
    dir.write(".github/workflows/deep-ok.yml",
              workflow_with("      - run: npm publish\n        with: {x: " + std::string(58, '[') +
                            std::string(58, ']') + "}\n"));
  });
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);
  CHECK(outcome.result.err.find("deep-ok.yml") == std::string::npos);
  CHECK(outcome.result.out.find("\"path\": \".github/workflows/deep-ok.yml\"") !=
        std::string::npos);
}

TEST_CASE("hostile: a billion laughs in a rule file is a configuration error at the alias") {
  test::TempDir dir;
  auto token = detect::make_npm_token(12);
  dir.write("control/.npmrc", control_npmrc(token));
  dir.write("rules/extra.yaml", rule_file("notes: &n0\n" + laughs(9, 10)));
  auto result = test::run_cli({"scan", "--rules", "rules", "."}, dir.str());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.rfind(
            "npm-token-scan: error: rules/extra.yaml:16:45: YAML aliases expand to more than "
            "100000 nodes (the limit)\n",
            0) == 0);
  CHECK(result.err.find("a \"billion laughs\" document") != std::string::npos);
}

TEST_CASE("hostile: a rule file nested deeper than the limit is a configuration error") {
  test::TempDir dir;
  dir.write("rules/extra.yaml", rule_file("notes: " + std::string(100, '[') + "\n"));
  auto result = test::run_cli({"scan", "--rules", "rules", "."}, dir.str());
  CHECK(result.exit_code == 2);
  // (yaml-cpp marks unclosed flow collections at a column of its own choosing)
  CHECK(result.err.rfind("npm-token-scan: error: rules/extra.yaml:11:", 0) == 0);
  CHECK(result.err.find(": YAML nested deeper than 64 levels (the limit)\n") != std::string::npos);
}

TEST_CASE("hostile: an alias bomb in a local composite action does not stop the analysis") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write(".github/actions/publish/action.yml",
              laughs(9, 10) + "runs:\n  using: composite\n  steps: *l8\n");
    dir.write(".github/workflows/release.yml",
              workflow_with("      - uses: ./.github/actions/publish\n      - run: npm publish\n"));
  });
  expect_intact(outcome);
  CHECK(outcome.result.out.find("\"path\": \".github/workflows/release.yml\"") !=
        std::string::npos);
  CHECK(outcome.result.out.find("\"publishes_npm\": true") != std::string::npos);
}

TEST_CASE("hostile: YAML anchors and merge keys in ordinary use stay within the limits") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write(
        ".github/workflows/anchors.yml",
        "on: push\njobs:\n  a: &job\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: npm publish\n        env: {NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}'}\n"
        "  b:\n    <<: *job\n  c: *job\n");
  });
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);
  CHECK(outcome.result.err.find("anchors.yml") == std::string::npos);
  CHECK(outcome.result.out.find("\"id\": \"c\"") != std::string::npos);
}

TEST_CASE("hostile: a workflow with a BOM and CRLF line endings is analysed with true lines") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write(".github/workflows/crlf.yml",
              "\xEF\xBB\xBFon: push\r\njobs:\r\n  release:\r\n    runs-on: ubuntu-latest\r\n"
              "    steps:\r\n      - run: npm publish\r\n");
  });
  expect_intact(outcome);
  CHECK(outcome.result.err.find("crlf.yml") == std::string::npos);
  CHECK(
      outcome.result.out.find("\"publish_steps\": [\n            {\n              \"line\": 6,") !=
      std::string::npos);
}

TEST_CASE("hostile: a workflow with 2,000 jobs is analysed in full") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    std::string text = "on: push\njobs:\n";
    for (int i = 0; i < 2000; ++i) {
      text += "  j" + std::to_string(i) +
              ":\n    runs-on: ubuntu-latest\n    steps:\n"
              "      - run: npm test\n";
    }
    dir.write(".github/workflows/huge.yml", text);
  });
  expect_intact(outcome);
  CHECK(outcome.result.out.find("\"id\": \"j1999\"") != std::string::npos);
}

TEST_CASE("hostile: job ids with escape sequences and newlines cannot forge report lines") {
  test::TempDir dir;
  auto token = detect::make_npm_token(14);
  dir.write("control/.npmrc", control_npmrc(token));
  dir.write(
      ".github/workflows/evil.yml",
      "on: push\njobs:\n  \"rel\\e[2J\\nease\\r\":\n    runs-on: ubuntu-latest\n    steps:\n"
      "      - run: npm publish\n        env: {NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}'}\n");
  auto text = test::run_cli({"scan", "--no-color", "--format", "text", "."}, dir.str());
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("\x1b") == std::string::npos);
  CHECK(text.out.find("\r") == std::string::npos);
  CHECK(text.out.find("  job 'rel\\x1b[2J\\nease\\r'") != std::string::npos);
  auto github = test::run_cli({"scan", "--format", "github", "."}, dir.str());
  for (std::size_t at = 0; (at = github.out.find('\n', at)) != std::string::npos; ++at) {
    auto next = github.out.substr(at + 1, 2);
    CHECK((next.empty() || next == "::" || next == "np"));  // every line: a command or the summary
  }
}

TEST_CASE("hostile: deeply nested package.json next to a publishing workflow") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write("package.json", "{\"name\": \"x\", \"a\": " + std::string(100000, '[') + "}");
    dir.write(".github/workflows/release.yml", workflow_with("      - run: npm publish\n"));
  });
  expect_intact(outcome);
  CHECK(outcome.result.out.find("\"publishes_npm\": true") != std::string::npos);
}

TEST_CASE("hostile: a workflow of binary garbage is an error that names it") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write(".github/workflows/garbage.yml", std::string("\x89PNG\r\n\x1a\n\0\0\xff\xfe{[", 14));
  });
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);
  CHECK(outcome.result.err.find("npm-token-scan: error: .github/workflows/garbage.yml") !=
        std::string::npos);
}

TEST_CASE("hostile: an escape sequence on a workflow line a finding quotes is shown escaped") {
  test::TempDir dir;
  dir.write(".github/workflows/release.yml",
            "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: npm publish\n        env:\n"
            "          NODE_AUTH_TOKEN: \"${{ secrets.NPM_TOKEN }}\\e[2J\" # \x1b]0;pwned\x07\n");
  auto result = test::run_cli({"scan", "--no-color", "--format", "text", "."}, dir.str());
  INFO(result.err);
  CHECK(result.out.find('\x1b') == std::string::npos);
  CHECK(result.out.find('\x07') == std::string::npos);
  CHECK(result.out.find("# \\x1b]0;pwned\\x07") != std::string::npos);
}

namespace {
// A GitLab job that publishes with a CI/CD variable token.
const char* k_gitlab_publish =
    "publish:\n  image: node:22\n  script:\n    - npm publish\n"
    "  variables:\n    NODE_AUTH_TOKEN: $NPM_TOKEN\n";
}  // namespace

TEST_CASE("hostile: ten thousand GitLab includes stop at GitLab's own limit, the rest analysed") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    std::string ci = "include:\n";
    for (int i = 0; i < 10000; ++i) {
      ci += "  - local: ci/part" + std::to_string(i) + ".yml\n";
    }
    for (int i = 0; i < 200; ++i) {
      dir.write("ci/part" + std::to_string(i) + ".yml",
                ".hidden" + std::to_string(i) + ":\n  script: [echo]\n");
    }
    dir.write(".gitlab-ci.yml", ci + k_gitlab_publish);
  });
  expect_intact(outcome);
  CHECK(outcome.result.err.find("included files (GitLab's limit)") != std::string::npos);
  CHECK(outcome.result.out.find("\"path\": \".gitlab-ci.yml\"") != std::string::npos);
  CHECK(outcome.result.out.find("\"publishes_npm\": true") != std::string::npos);
}

TEST_CASE("hostile: a 50 MB GitLab include is an error naming it, the pipeline still analysed") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write("ci/huge.yml", "# " + std::string(50 * 1024 * 1024, 'x') + "\n");
    dir.write(".gitlab-ci.yml",
              std::string("include:\n  - local: ci/huge.yml\n") + k_gitlab_publish);
  });
  expect_intact(outcome);
  CHECK(outcome.result.err.find("ci/huge.yml") != std::string::npos);
  CHECK(outcome.result.out.find("\"publishes_npm\": true") != std::string::npos);
}

TEST_CASE("hostile: an alias bomb in a GitLab include is a located error, the rest analysed") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write("ci/bomb.yml", laughs(9, 10) + ".use:\n  script: *l8\n");
    dir.write(".gitlab-ci.yml",
              std::string("include:\n  - local: ci/bomb.yml\n") + k_gitlab_publish);
  });
  expect_intact(outcome);
  CHECK(outcome.result.err.find("ci/bomb.yml") != std::string::npos);
  CHECK(outcome.result.out.find("\"publishes_npm\": true") != std::string::npos);
}

TEST_CASE("hostile: a GitLab include through a link out of the repository is never read") {
  test::TempDir outside;
  outside.write("secret.yml", "leak:\n  script: [\"npm publish\"]\n");
  auto outcome = scan_with([&](const test::TempDir& dir) {
    std::filesystem::create_directories(dir.path() / "ci");
    std::filesystem::create_symlink(outside.path() / "secret.yml", dir.path() / "ci" / "link.yml");
    dir.write(".gitlab-ci.yml", std::string("include:\n  - local: ci/link.yml\n  - local: "
                                            "/../../etc/passwd\n") +
                                    k_gitlab_publish);
  });
  expect_intact(outcome);
  CHECK(outcome.result.out.find("\"id\": \"leak\"") == std::string::npos);
  CHECK(outcome.result.out.find("\"id\": \"publish\"") != std::string::npos);
}
