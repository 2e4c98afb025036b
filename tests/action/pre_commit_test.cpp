// The hook under the real pre-commit framework (Debian's pre-commit package),
// through this repository's .pre-commit-hooks.yaml on a temporary repository:
// `pre-commit try-repo` with a staged token and with a clean change, a real
// `git commit` refused by the installed hook, and `pre-commit run --all-files`
// failing on a token committed earlier. These use the `language: system` hook
// (`npm-token-scan-system`, the build's binary on PATH); the self-installing
// `language: node` hook needs a registry and is driven by tests/dist/npm_test.sh.
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
    return test::run_command(
        {"/usr/bin/pre-commit", "try-repo", NTS_SOURCE_DIR, "npm-token-scan-system"}, work(), env);
  }
  test::CliResult pre_commit(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/usr/bin/pre-commit"};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run_command(argv, work(), env);
  }
  void write(const std::string& path, const std::string& text) {
    auto file = std::filesystem::path(work()) / path;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }
  // .pre-commit-config.yaml naming this repository at its HEAD commit, as a
  // user's config names a release tag; empty when the source is not a checkout.
  bool configure_hook() {
    auto head = test::run_command({"/usr/bin/git", "-C", NTS_SOURCE_DIR, "rev-parse", "HEAD"});
    if (head.exit_code != 0) {
      return false;
    }
    std::string rev = head.out.substr(0, head.out.find('\n'));
    write(".pre-commit-config.yaml", std::string("repos:\n  - repo: ") + NTS_SOURCE_DIR +
                                         "\n    rev: " + rev +
                                         "\n    hooks:\n      - id: npm-token-scan-system\n");
    git({"add", ".pre-commit-config.yaml"}, work());
    git({"commit", "-q", "--no-verify", "-m", "pre-commit config"}, work());
    return true;
  }
};

bool have_pre_commit() {
  return std::filesystem::exists("/usr/bin/pre-commit");
}

// Configures the system hook in `repo`; false (the test skipped, with the
// reason) without pre-commit or without a git checkout of this source.
bool hook_configured(Repo& repo) {
  if (!have_pre_commit()) {
    SUCCEED("pre-commit is not installed (make test installs it); skipped");
    return false;
  }
  if (!repo.configure_hook()) {
    SUCCEED("the source tree is not a git checkout; skipped");
    return false;
  }
  return true;
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

TEST_CASE(
    "pre-commit: the installed hook refuses a commit that adds a token, and lets a clean one in") {
  Repo repo;
  if (!hook_configured(repo)) {
    return;
  }
  auto installed = repo.pre_commit({"install"});
  INFO(installed.out << installed.err);
  REQUIRE(installed.exit_code == 0);
  auto token = detect::make_npm_token(4343);
  repo.write("pkg/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  repo.git({"add", "pkg/.npmrc"}, repo.work());
  auto refused = repo.git({"commit", "-q", "-m", "add a token"}, repo.work());
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK((refused.out + refused.err).find("pkg/.npmrc:1:") != std::string::npos);
  CHECK(repo.git({"rev-list", "--count", "HEAD"}, repo.work()).out == "1\n");
  repo.git({"rm", "-q", "--cached", "pkg/.npmrc"}, repo.work());
  std::filesystem::remove(std::filesystem::path(repo.work()) / "pkg" / ".npmrc");
  repo.write("index.js", "module.exports = 1;\n");
  repo.git({"add", "index.js"}, repo.work());
  auto clean = repo.git({"commit", "-q", "-m", "clean"}, repo.work());
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
}

TEST_CASE("pre-commit run --all-files fails on a token committed earlier, naming it") {
  Repo repo;
  if (!hook_configured(repo)) {
    return;
  }
  auto token = detect::make_npm_token(4444);
  repo.write("deep/dir/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  repo.write("index.js", "module.exports = 1;\n");
  repo.git({"add", "-A"}, repo.work());
  repo.git({"commit", "-q", "--no-verify", "-m", "a token, past the hook"}, repo.work());
  auto all = repo.pre_commit({"run", "--all-files"});
  INFO(all.out << all.err);
  CHECK(all.exit_code == 1);
  CHECK(all.out.find("deep/dir/.npmrc:1:") != std::string::npos);
  CHECK(all.out.find(token.substr(6)) == std::string::npos);
  // The same repository without --all-files and nothing staged: nothing to check.
  auto staged = repo.pre_commit({"run"});
  INFO(staged.out << staged.err);
  CHECK(staged.exit_code == 0);
}
