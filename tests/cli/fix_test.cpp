// End-to-end `fix`: the real binary on a temp copy of a repository: the diff
// applies with `git apply`, --write writes the same result, a second run
// changes nothing, JSON lists each edit with its reason, and a literal token
// never reaches the output.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

const char* k_workflow =
    "name: Release  # keep\n"
    "on:\n  release:\n    types: [published]\n"
    "jobs:\n"
    "  publish:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - uses: actions/checkout@v4\n"
    "      - uses: actions/setup-node@v4\n"
    "        with:\n"
    "          node-version: \"20\"\n"
    "          registry-url: https://registry.npmjs.org\n"
    "      - run: npm ci\n"
    "      - run: npm publish --access public\n"
    "        env:\n"
    "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"
    "  test:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - run: npm test\n";

void plant(const test::TempDir& dir) {
  dir.write(".github/workflows/release.yml", k_workflow);
  dir.write("package.json",
            R"({"name": "widgets", "version": "1.0.0", "repository": "github:acme/widgets"})");
  auto git = [&](const std::vector<std::string>& args) { return test::run_git(args, dir.str()); };
  git({"init", "-q", "-b", "main"});
  git({"remote", "add", "origin", "https://github.com/acme/widgets.git"});
  git({"add", "-A"});
  git({"commit", "-q", "-m", "release workflow"});
}

}  // namespace

TEST_CASE("cli fix: --diff applies with git apply and equals --write, and a second run is clean") {
  test::TempDir a, b;
  plant(a);
  plant(b);
  auto explained = test::run_cli({"fix", a.str()});
  CHECK(explained.exit_code == 0);
  CHECK(explained.out.find("Before merging, configure the trusted publisher") != std::string::npos);
  CHECK(explained.out.find("npm trust github widgets --file release.yml --repo acme/widgets") !=
        std::string::npos);
  CHECK(explained.out.find("disallow tokens") != std::string::npos);
  CHECK(test::read_file(a.path() / ".github/workflows/release.yml") == k_workflow);  // not written

  auto diff = test::run_cli({"fix", "--diff", a.str()});
  REQUIRE(diff.exit_code == 0);
  a.write("fix.patch", diff.out);
  auto applied = test::run_command({"/usr/bin/git", "apply", "fix.patch"}, a.str());
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);

  auto written = test::run_cli({"fix", "--write", b.str()});
  CHECK(written.exit_code == 0);
  auto result = test::read_file(b.path() / ".github/workflows/release.yml");
  CHECK(result == test::read_file(a.path() / ".github/workflows/release.yml"));
  CHECK(result.find("name: Release  # keep\n") == 0);
  CHECK(result.find("          node-version: \"24\"\n") != std::string::npos);
  CHECK(result.find("      id-token: write\n") != std::string::npos);
  CHECK(result.find("NODE_AUTH_TOKEN") == std::string::npos);
  CHECK(result.find("  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n") !=
        std::string::npos);

  auto scan = test::run_cli({"scan", "--format", "json", b.str()});
  auto report = nlohmann::json::parse(scan.out);
  CHECK(report["workflows"][0]["jobs"][0]["auth"] == "oidc");
  CHECK(report["workflows"][0]["jobs"][0]["trusted_publishing"] == "ready");

  auto again = test::run_cli({"fix", "--diff", b.str()});
  CHECK(again.exit_code == 0);
  CHECK(again.out.empty());
}

TEST_CASE("cli fix: --format json lists each edit with its reason, and unfixed jobs exit 1") {
  test::TempDir dir;
  plant(dir);
  dir.write(".github/workflows/self.yml",
            "on: push\njobs:\n  publish:\n    runs-on: [self-hosted, linux]\n    steps:\n"
            "      - run: npm publish\n        env:\n"
            "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n");
  auto out = test::run_cli({"fix", "--format", "json", dir.str()});
  CHECK(out.exit_code == 1);
  auto doc = nlohmann::json::parse(out.out);
  bool fixed = false, left = false;
  for (const auto& job : doc["jobs"]) {
    if (job["path"] == ".github/workflows/release.yml" && job["job"] == "publish") {
      fixed = job["status"] == "fixed";
      REQUIRE(job["edits"].size() == 3);
      for (const auto& edit : job["edits"]) {
        CHECK_FALSE(edit["reason"].get<std::string>().empty());
        CHECK(edit["line"].get<int>() > 0);
      }
    }
    if (job["path"] == ".github/workflows/self.yml") {
      left = job["status"] == "not-fixed" &&
             job["reason"].get<std::string>().find("self-hosted") != std::string::npos;
    }
  }
  CHECK(fixed);
  CHECK(left);
  auto text = test::run_cli({"fix", dir.str()});
  CHECK(text.out.find("not fixed automatically: blocked: self-hosted runner") != std::string::npos);
}

TEST_CASE("cli fix: a literal token on a changed line is never shown") {
  test::TempDir dir;
  plant(dir);
  auto token = detect::make_npm_token(77);
  std::string workflow = k_workflow;
  workflow.replace(workflow.find("${{ secrets.NPM_TOKEN }}"), 24, token);
  dir.write(".github/workflows/release.yml", workflow);
  for (const auto& format : {"text", "json"}) {
    auto out = test::run_cli({"fix", "--format", format, dir.str()});
    CHECK(out.out.find(token) == std::string::npos);
    CHECK(out.err.find(token) == std::string::npos);
  }
  auto diff = test::run_cli({"fix", "--diff", dir.str()});
  CHECK(diff.out.find(token) == std::string::npos);
}

TEST_CASE("cli fix: usage errors exit 2") {
  CHECK(test::run_cli({"fix", "--diff", "--write", "."}).exit_code == 2);
  CHECK(test::run_cli({"fix", "--job", "release.yml", "."}).exit_code == 2);
}
