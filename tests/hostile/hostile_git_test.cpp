// Hostile repositories, end to end through the CLI: the work-tree, staged,
// range and history modes meet symlinks out of the repository, a corrupt
// index, a broken .git file, submodules, corrupt loose objects and packs,
// a shallow boundary and a wide tree. (tests/git covers the same damage at
// the source level; here the user-facing message and exit code are pinned.)
#include <filesystem>
#include <fstream>

#include "detect/npm_token.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using namespace nts::test::hostile;
using nts::test::RepoBuilder;
namespace fs = std::filesystem;

namespace {

// A work-tree repository whose first commit holds the control token.
struct ControlRepo {
  RepoBuilder repo;
  std::string token = detect::make_npm_token(51);
  std::string first;
  ControlRepo() {
    repo.write("control/.npmrc", control_npmrc(token));
    first = repo.commit("control", "2024-01-01");
  }
  Outcome scan(std::vector<std::string> args) const {
    return scan_repository(repo.path(), token, args);
  }
  void overwrite(const std::string& path, const std::string& bytes) const {
    fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }
};

}  // namespace

TEST_CASE(
    "hostile git: a tracked file swapped for a symlink out of the repository is not followed") {
  ControlRepo control;
  test::TempDir outside;
  outside.write("secret.env", "NPM_TOKEN=" + detect::make_npm_token(52) + "\n");
  control.repo.write("config.env", "x=1\n");
  control.repo.commit("config", "2024-01-02");
  fs::remove(fs::path(control.repo.path()) / "config.env");
  fs::create_symlink(outside.path() / "secret.env", fs::path(control.repo.path()) / "config.env");
  fs::create_directory_symlink(outside.path(), fs::path(control.repo.path()) / "linked-dir");
  auto outcome = control.scan({});
  expect_intact(outcome);
  CHECK(outcome.result.out.find("secret.env") == std::string::npos);
  CHECK(outcome.result.out.find("\"path\": \"config.env\",\n      \"line\"") == std::string::npos);
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: note: config.env: a symbolic link in the work tree; not "
                 "followed"));
  CHECK(outcome.result.out.find("linked-dir") == std::string::npos);
}

TEST_CASE("hostile git: a corrupt index is an error that names it") {
  ControlRepo control;
  control.overwrite(control.repo.gitdir() + "index", "DIRC garbage, not an index");
  auto outcome = control.scan({});
  INFO(outcome.result.err);
  // Nothing can be listed: the whole scan stops, a runtime failure (the
  // repository is there but cannot be read), not a usage error.
  CHECK(outcome.result.exit_code == 3);
  CHECK(outcome.result.err.rfind("npm-token-scan: error: ", 0) == 0);
  CHECK(outcome.result.err.find(": cannot read the git index: ") != std::string::npos);
}

TEST_CASE("hostile git: a .git file pointing nowhere: the folder is scanned as plain files") {
  test::TempDir dir;
  dir.write(".git", "gitdir: /nonexistent/repository/.git\n");
  dir.write("control/.npmrc", control_npmrc(detect::make_npm_token(53)));
  auto result = test::run_cli({"scan", "--format", "json", "."}, dir.str());
  INFO(result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("\"path\": \"control/.npmrc\"") != std::string::npos);
}

TEST_CASE("hostile git: a submodule in the work tree is noted and not entered") {
  ControlRepo control;
  control.repo.submodule("vendor/lib", control.first);
  control.repo.commit("submodule", "2024-01-02");
  auto outcome = control.scan({});
  expect_intact(outcome);
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: note: vendor/lib: submodule skipped; scan its repository "
                 "separately"));
}

TEST_CASE("hostile git: a corrupt staged blob is an error naming the file, --staged goes on") {
  ControlRepo control;
  auto bad = "NPM_TOKEN=" + detect::make_npm_token(54) + "\n";
  control.repo.stage("bad.env", bad);
  control.repo.stage("control/.npmrc", control_npmrc(control.token) + "# touched\n");
  control.overwrite(control.repo.loose_object_path(control.repo.blob_id(bad)), "not zlib");
  auto outcome = control.scan({"--staged"});
  INFO(outcome.result.err);
  CHECK(outcome.result.exit_code == 3);
  CHECK(outcome.result.err.find("npm-token-scan: error: bad.env") != std::string::npos);
  CHECK(outcome.result.out.find(outcome.token.substr(6)) == std::string::npos);
}

TEST_CASE("hostile git: a blob missing from a range is an error naming the file") {
  ControlRepo control;
  auto gone = "NPM_TOKEN=" + detect::make_npm_token(55) + "\n";
  control.repo.write("gone.env", gone);
  control.repo.write("kept.npmrc", control_npmrc(detect::make_npm_token(56)));
  control.repo.commit("two files", "2024-01-02");
  fs::remove(control.repo.loose_object_path(control.repo.blob_id(gone)));
  auto outcome = control.scan({"--range", control.first + "..HEAD"});
  INFO(outcome.result.err);
  CHECK(outcome.result.exit_code == 1);  // kept.npmrc; stderr still names gone.env
  CHECK(outcome.result.err.find("gone.env") != std::string::npos);
  CHECK(outcome.result.out.find("\"path\": \"kept.npmrc\"") != std::string::npos);
}

TEST_CASE("hostile git: a truncated pack is an error, loose history is still scanned") {
  ControlRepo control;
  // `make test` installs git (scripts/install-deps.sh); run_command needs its path.
  REQUIRE(fs::exists("/usr/bin/git"));
  auto packed =
      test::run_command({"/usr/bin/git", "-C", control.repo.path(), "repack", "-a", "-d", "-q"});
  REQUIRE(packed.exit_code == 0);
  std::string pack;
  for (const auto& entry : fs::directory_iterator(control.repo.gitdir() + "objects/pack")) {
    if (entry.path().extension() == ".pack") {
      pack = entry.path().string();
    }
  }
  REQUIRE_FALSE(pack.empty());
  fs::permissions(pack, fs::perms::owner_write, fs::perm_options::add);
  fs::resize_file(pack, fs::file_size(pack) / 2);
  auto later = detect::make_npm_token(57);
  control.repo.write("later/.npmrc", control_npmrc(later));
  control.repo.commit("later", "2024-01-02");
  Outcome outcome;
  outcome.token = later;
  outcome.result =
      test::run_cli({"scan", "--history", "--format", "json", "."}, control.repo.path());
  INFO(outcome.result.err);
  CHECK(outcome.result.exit_code == 1);
  CHECK(outcome.result.out.find("\"path\": \"later/.npmrc\"") != std::string::npos);
  CHECK(outcome.result.err.find("npm-token-scan: error: ") != std::string::npos);
}

TEST_CASE("hostile git: a range whose base is past a shallow boundary is a clear error") {
  ControlRepo control;
  control.repo.write("two.txt", "2\n");
  auto second = control.repo.commit("two", "2024-01-02");
  fs::remove(control.repo.loose_object_path(control.first));
  std::ofstream(control.repo.gitdir() + "shallow") << second << "\n";
  auto outcome = control.scan({"--range", control.first + "..HEAD"});
  INFO(outcome.result.err);
  CHECK(outcome.result.exit_code >= 2);
  CHECK(outcome.result.exit_code < 128);
  CHECK(outcome.result.err.find(control.first.substr(0, 7)) != std::string::npos);
}

TEST_CASE("hostile git: a commit of 3,000 files is scanned in history mode") {
  ControlRepo control;
  for (int i = 0; i < 3000; ++i) {
    control.repo.write("many/f" + std::to_string(i) + ".txt", std::to_string(i) + "\n");
  }
  control.repo.commit("many", "2024-01-02");
  auto outcome = control.scan({"--history"});
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);
}
