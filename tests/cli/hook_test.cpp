// `hook install | uninstall` on real repositories built at test time.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {
bool executable(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && (info.st_mode & S_IXUSR) != 0;
}
}  // namespace

TEST_CASE("hook install writes an executable pre-commit hook and uninstall removes it") {
  test::RepoBuilder repo;
  repo.write("README.md", "hello\n");
  repo.commit("init", "2026-01-01");
  auto hook = std::filesystem::path(repo.gitdir()) / "hooks" / "pre-commit";

  auto installed = test::run_cli({"hook", "install"}, repo.path());
  CHECK(installed.exit_code == 0);
  CHECK(installed.err ==
        "npm-token-scan: installed the pre-commit hook at " + hook.string() + "\n");
  REQUIRE(std::filesystem::exists(hook));
  CHECK(executable(hook));
  std::string script = test::read_file(hook);
  CHECK(script.find("scan --staged --fail-on high") != std::string::npos);
  CHECK(script.find("git commit --no-verify") != std::string::npos);

  CHECK(test::run_cli({"hook", "install"}, repo.path()).exit_code == 0);  // ours: replaced quietly
  CHECK(test::run_cli({"hook", "uninstall"}, repo.path()).exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(hook));
}

TEST_CASE("hook install never clobbers someone else's hook without --force") {
  test::RepoBuilder repo;
  repo.write("README.md", "hello\n");
  repo.commit("init", "2026-01-01");
  auto hook = std::filesystem::path(repo.gitdir()) / "hooks" / "pre-commit";
  std::filesystem::create_directories(hook.parent_path());
  std::ofstream(hook) << "#!/bin/sh\necho mine\n";

  auto refused = test::run_cli({"hook", "install"}, repo.path());
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find(
            "a pre-commit hook already exists and was not installed by npm-token-scan") !=
        std::string::npos);
  CHECK(test::read_file(hook) == "#!/bin/sh\necho mine\n");

  CHECK(test::run_cli({"hook", "install", "--force"}, repo.path()).exit_code == 0);
  CHECK(test::read_file(hook.string() + ".backup") == "#!/bin/sh\necho mine\n");
  CHECK(test::run_cli({"hook", "uninstall"}, repo.path()).exit_code == 0);
  CHECK(test::read_file(hook) == "#!/bin/sh\necho mine\n");  // the previous hook is back
}

TEST_CASE("hook install respects core.hooksPath") {
  test::RepoBuilder repo;
  repo.write("README.md", "hello\n");
  repo.commit("init", "2026-01-01");
  std::ofstream(std::filesystem::path(repo.gitdir()) / "config", std::ios::app)
      << "[core]\n\thooksPath = .githooks\n";
  CHECK(test::run_cli({"hook", "install"}, repo.path()).exit_code == 0);
  CHECK(std::filesystem::exists(std::filesystem::path(repo.path()) / ".githooks" / "pre-commit"));
}

TEST_CASE("hook install outside a repository is a usage error") {
  test::TempDir dir;
  auto result = test::run_cli({"hook", "install"}, dir.str());
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("not a git repository") != std::string::npos);
}

TEST_CASE("hook install never writes through a husky hook that is a symbolic link") {
  // `.husky/pre-commit` comes from the repository: a link there to a file of the
  // user's (a shell profile) must not get the scan line appended to it.
  test::TempDir outside;
  auto profile = outside.path() / "profile";
  std::ofstream(profile) << "export PATH=/usr/bin\n";
  test::RepoBuilder repo;
  repo.write(".husky/_/husky.sh", "#!/bin/sh\n");
  repo.write("README.md", "hello\n");
  repo.commit("init", "2026-01-01");
  auto husky = std::filesystem::path(repo.path()) / ".husky";
  std::filesystem::create_symlink(profile, husky / "pre-commit");
  std::ofstream(std::filesystem::path(repo.gitdir()) / "config", std::ios::app)
      << "[core]\n\thooksPath = .husky\n";

  auto refused = test::run_cli({"hook", "install"}, repo.path());
  CHECK(refused.exit_code == 3);
  CHECK(refused.err.find("cannot write the hook") != std::string::npos);
  CHECK(refused.err.find("symbolic link") != std::string::npos);
  CHECK(test::read_file(profile) == "export PATH=/usr/bin\n");
  CHECK(std::filesystem::is_symlink(husky / "pre-commit"));
}

TEST_CASE("the hook refuses a GitLab or CircleCI token publish and --range reports it") {
  const std::string token_publish =
      "    - echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc\n"
      "    - npm publish\n";
  const std::string lint = "lint:\n  image: node:20\n  script:\n    - npm run lint\n";
  auto circleci = [](const std::string& steps) {
    return "version: 2.1\njobs:\n  publish:\n    docker:\n      - image: cimg/node:20.11\n"
           "    steps:\n      - checkout\n" +
           steps + "workflows:\n  release:\n    jobs:\n      - publish\n";
  };
  struct Change {
    std::string path;
    std::string content;
  };
  const std::vector<Change> changes = {
      {".gitlab-ci.yml",
       "include:\n  - local: ci/jobs.yml\n\npublish:\n  image: node:20\n"
       "  script:\n" +
           token_publish},
      {"ci/jobs.yml", lint + "\npublish:\n  image: node:20\n  script:\n" + token_publish},
      {".circleci/config.yml",
       circleci("      - run: echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc\n"
                "      - run: npm publish\n")},
  };
  for (const auto& change : changes) {
    DYNAMIC_SECTION("a token publish added to " << change.path) {
      test::TempDir dir;
      auto git = [&](const std::vector<std::string>& args) {
        return test::run_git(args, dir.str());
      };
      git({"init", "-q", "-b", "main"});
      dir.write("package.json", "{\"name\": \"pkg\", \"version\": \"1.0.0\"}\n");
      dir.write(".gitlab-ci.yml", "include:\n  - local: ci/jobs.yml\n");
      dir.write("ci/jobs.yml", lint);
      dir.write(".circleci/config.yml", circleci("      - run: npm test\n"));
      git({"add", "-A"});
      REQUIRE(git({"commit", "-q", "-m", "pipelines that do not publish"}).exit_code == 0);
      REQUIRE(test::run_cli({"hook", "install"}, dir.str()).exit_code == 0);
      dir.write("index.js", "module.exports = 1;\n");
      git({"add", "index.js"});
      REQUIRE(git({"commit", "-q", "-m", "a code change passes the hook"}).exit_code == 0);

      git({"checkout", "-q", "-b", "feature"});
      dir.write(change.path, change.content);
      git({"add", change.path});
      auto refused = git({"commit", "-q", "-m", "publish with a token"});
      INFO(refused.out << refused.err);
      CHECK(refused.exit_code != 0);
      CHECK((refused.out + refused.err).find("npm-token-publish") != std::string::npos);
      CHECK((refused.out + refused.err).find(change.path) != std::string::npos);

      // The Action's pull-request scan: the same job, reported from the range.
      REQUIRE(git({"commit", "-q", "--no-verify", "-m", "publish with a token"}).exit_code == 0);
      auto range =
          test::run_cli({"scan", "--range", "main..feature", "--format", "json"}, dir.str());
      INFO(range.out << range.err);
      CHECK(range.exit_code == 1);
      CHECK(range.out.find("\"npm-token-publish\"") != std::string::npos);
      CHECK(range.out.find("\"path\": \"" + change.path + "\"") != std::string::npos);
    }
  }
}
