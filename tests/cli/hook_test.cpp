// `hook install | uninstall` on real repositories built at test time.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

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
