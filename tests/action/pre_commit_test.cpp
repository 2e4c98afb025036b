// The hook under the real pre-commit framework (Debian's pre-commit package):
// `pre-commit try-repo` with this repository's .pre-commit-hooks.yaml on a
// temporary repository, once with a staged token and once with a clean change.
#include <filesystem>
#include <fstream>

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

struct Repo {
  test::TempDir dir;
  std::vector<std::string> env;

  Repo() {
    auto bin = std::filesystem::path(test::binary_path()).parent_path().string();
    env = {"PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin",
           "HOME=" + dir.str(),
           "PRE_COMMIT_HOME=" + (dir.path() / ".cache").string(),
           "GIT_AUTHOR_NAME=t",
           "GIT_AUTHOR_EMAIL=t@example.com",
           "GIT_COMMITTER_NAME=t",
           "GIT_COMMITTER_EMAIL=t@example.com"};
    git({"init", "-q", "-b", "main", "work"});
  }
  std::string work() const { return (dir.path() / "work").string(); }
  test::CliResult git(const std::vector<std::string>& args, const std::string& cwd = {}) {
    std::vector<std::string> argv = {"/usr/bin/git"};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run_command(argv, cwd.empty() ? dir.str() : cwd, env);
  }
  test::CliResult try_repo() {
    return test::run_command({"/usr/bin/pre-commit", "try-repo", NTS_SOURCE_DIR, "npm-token-scan"},
                             work(), env);
  }
};

bool have_pre_commit() {
  return std::filesystem::exists("/usr/bin/pre-commit");
}

}  // namespace

TEST_CASE("pre-commit try-repo refuses a commit that adds a token, naming file and line") {
  if (!have_pre_commit()) {
    SUCCEED("pre-commit is not installed (make test installs it); skipped");
    return;
  }
  Repo repo;
  auto token = detect::make_npm_token(4242);
  std::filesystem::create_directories(std::filesystem::path(repo.work()) / "pkg");
  std::ofstream(std::filesystem::path(repo.work()) / "pkg" / ".npmrc")
      << "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=" << token << "\n";
  repo.git({"add", "pkg/.npmrc"}, repo.work());
  auto result = repo.try_repo();
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("pkg/.npmrc:2:34: high[npm-access-token]") != std::string::npos);
  CHECK(result.out.find(token.substr(6)) == std::string::npos);
}

TEST_CASE("pre-commit try-repo lets a clean commit through, next to an old token-based release") {
  if (!have_pre_commit()) {
    SUCCEED("pre-commit is not installed (make test installs it); skipped");
    return;
  }
  Repo repo;
  // HEAD already publishes with a token: that is for the migration, not a
  // reason to refuse every commit that does not touch it.
  auto workflows = std::filesystem::path(repo.work()) / ".github" / "workflows";
  std::filesystem::create_directories(workflows);
  std::ofstream(workflows / "release.yml")
      << "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n"
         "      - run: npm publish\n        env:\n"
         "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
  repo.git({"add", ".github"}, repo.work());
  repo.git({"commit", "-q", "--no-verify", "-m", "release with a token"}, repo.work());
  std::ofstream(std::filesystem::path(repo.work()) / "index.js") << "module.exports = 42;\n";
  repo.git({"add", "index.js"}, repo.work());
  auto result = repo.try_repo();
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("Passed") != std::string::npos);
}
