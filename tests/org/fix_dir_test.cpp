// `org --fix-dir`: one patch per repository that git am applies to the
// scanned repository, after which `scan` reports the job as trusted
// publishing; repositories with nothing to fix get no file.
#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
using nts::test::RepoBuilder;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> k_git_identity = {
    "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.invalid", "GIT_COMMITTER_NAME=Test",
    "GIT_COMMITTER_EMAIL=test@example.invalid", "HOME=/nonexistent"};

std::string release_workflow(const std::string& eol) {
  std::string text =
      "name: Release\non:\n  release:\n    types: [published]\njobs:\n  publish:\n"
      "    runs-on: ubuntu-latest  # hosted\n    steps:\n      - uses: actions/checkout@v4\n"
      "      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n"
      "          registry-url: https://registry.npmjs.org\n      - run: npm ci\n"
      "      - run: npm publish --access public\n        env:\n"
      "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
  std::string out;
  for (char c : text) {
    out += c == '\n' ? eol : std::string(1, c);
  }
  return out;
}

std::string job_auth(const std::string& repo) {
  auto scanned = test::run_cli({"scan", "--format", "json", repo});
  auto report = nlohmann::json::parse(scanned.out);
  return report["workflows"][0]["jobs"][0]["auth"].get<std::string>();
}

}  // namespace

TEST_CASE("org --fix-dir writes one patch per repository that git am applies") {
  test::TempDir root;
  test::TempDir patches;
  fs::create_directories(root.path() / "acme");
  std::map<std::string, std::string> eols = {{"lf", "\n"}, {"crlf", "\r\n"}};
  for (const auto& [name, eol] : eols) {
    RepoBuilder repo;
    repo.write(".github/workflows/release.yml", release_workflow(eol));
    repo.write("package.json",
               R"({"name": "@acme/)" + name + R"(", "repository": "github:acme/)" + name + "\"}\n");
    repo.commit("release workflow", "2026-01-01");
    fs::copy(repo.path(), root.path() / "acme" / name, fs::copy_options::recursive);
  }
  RepoBuilder quiet;
  quiet.write("README.md", "nothing to fix\n");
  quiet.commit("readme", "2026-01-01");
  fs::copy(quiet.path(), root.path() / "acme" / "quiet", fs::copy_options::recursive);

  auto dir = (patches.path() / "out").string();  // created by org
  auto result = test::run_cli({"org", "--dir", root.str(), "--fix-dir", dir, "--jobs", "2"});
  INFO(result.err);
  CHECK(result.exit_code == 1);  // the token jobs are findings of the report as before
  std::vector<std::string> written;
  for (const auto& entry : fs::directory_iterator(dir)) {
    written.push_back(entry.path().filename().string());
  }
  std::sort(written.begin(), written.end());
  REQUIRE(written.size() == 2);  // nothing for the repository with nothing to fix

  for (const auto& [name, eol] : eols) {
    INFO(name);
    auto repo = (root.path() / "acme" / name).string();
    CHECK(job_auth(repo) == "token");
    auto patch = std::find_if(written.begin(), written.end(), [&](const std::string& file) {
      std::string suffix = "-" + name + ".patch";
      return file.size() > suffix.size() &&
             file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0;
    });
    REQUIRE(patch != written.end());
    auto applied = test::run_command({"/usr/bin/git", "am", (fs::path(dir) / *patch).string()},
                                     repo, k_git_identity);
    INFO(applied.out << applied.err);
    REQUIRE(applied.exit_code == 0);
    auto log =
        test::run_command({"/usr/bin/git", "log", "-1", "--format=%s%n%b"}, repo, k_git_identity);
    CHECK(log.out.find("trusted publishing") != std::string::npos);
    CHECK(log.out.find("The order that keeps releases working") != std::string::npos);
    auto after = test::read_file(fs::path(repo) / ".github/workflows/release.yml");
    CHECK(after.find("id-token: write" + eol) != std::string::npos);
    CHECK(after.find("NODE_AUTH_TOKEN") == std::string::npos);
    CHECK(after.find("runs-on: ubuntu-latest  # hosted" + eol) != std::string::npos);
    CHECK(job_auth(repo) == "oidc");
  }
}

TEST_CASE("org --fix-dir refuses a folder it cannot create") {
  test::TempDir root;
  auto file = root.write("taken", "a file, not a folder\n");
  auto result = test::run_cli({"org", "--dir", root.str(), "--fix-dir", file.string()});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--fix-dir") != std::string::npos);
}
