#include "sources/directory_walk.hpp"

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "tests/support/catch.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

struct Walked {
  std::vector<std::string> files;
  std::vector<core::ScanIssue> issues;
};

Walked walk(const std::string& root) {
  Walked out;
  sources::walk_directory(
      root, [&](std::string path) { out.files.push_back(std::move(path)); }, out.issues);
  std::sort(out.files.begin(), out.files.end());
  return out;
}

}  // namespace

TEST_CASE("the directory walk lists regular files, never .git, never through symlinks") {
  test::TempDir dir;
  dir.write("a.txt", "a");
  dir.write("src/b.js", "b");
  dir.write("src/deep/c/d.json", "d");
  dir.write(".git/config", "[core]");
  dir.write("sub/.git", "gitdir: ../.git/modules/sub");
  dir.write("sub/e.txt", "e");
  std::filesystem::create_directory_symlink(dir.path() / "src", dir.path() / "linked");
  std::filesystem::create_symlink(dir.path() / "a.txt", dir.path() / "a-link.txt");
  REQUIRE(::mkfifo((dir.path() / "pipe").c_str(), 0600) == 0);

  Walked walked = walk(dir.str());
  CHECK(walked.files ==
        std::vector<std::string>{"a.txt", "src/b.js", "src/deep/c/d.json", "sub/e.txt"});
  REQUIRE(walked.issues.size() == 1);
  CHECK(walked.issues[0].path == "pipe");
  CHECK(walked.issues[0].message == "not a regular file (FIFO, socket or device); skipped");
}

TEST_CASE("the directory walk keeps one folder open however deep the tree") {
  test::TempDir dir;
  std::string deep;
  for (int i = 0; i < 300; ++i) {
    deep += "d/";
  }
  dir.write(deep + "bottom.txt", "x");
  // 64 open files at most: a walker holding a descriptor per level would fail.
  rlimit before{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &before) == 0);
  rlimit low = before;
  low.rlim_cur = 64;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  Walked walked = walk(dir.str());
  ::setrlimit(RLIMIT_NOFILE, &before);
  CHECK(walked.files == std::vector<std::string>{deep + "bottom.txt"});
  CHECK(walked.issues.empty());
}

TEST_CASE("a directory that cannot be read is an error, and the walk goes on") {
  test::TempDir dir;
  Walked missing = walk((dir.path() / "missing").string());
  REQUIRE(missing.issues.size() == 1);
  CHECK(missing.issues[0].path == ".");
  CHECK(missing.issues[0].message ==
        "cannot read directory: No such file or directory; check its permissions, or exclude it");
}
