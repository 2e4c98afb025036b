#include "sources/tree_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/catch.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
namespace fs = std::filesystem;

TEST_CASE("TreeFile opens regular files below the root and nothing else") {
  test::TempDir outside;
  outside.write("secret.txt", "outside\n");
  test::TempDir dir;
  dir.write("a/b/file.txt", "inside\n");
  fs::create_directory_symlink(outside.path(), dir.path() / "linked-dir");
  fs::create_symlink(outside.path() / "secret.txt", dir.path() / "a" / "linked-file");
  REQUIRE(::mkfifo((dir.path() / "a" / "fifo").c_str(), 0600) == 0);

  using Status = sources::TreeFile::Status;
  auto file = sources::TreeFile::open(dir.str(), "a/b/file.txt");
  REQUIRE(file.status() == Status::opened);
  char buffer[16] = {};
  CHECK(::read(file.fd(), buffer, sizeof buffer) == 7);
  CHECK(sources::TreeFile::open(dir.str(), "linked-dir/secret.txt").status() == Status::symlink);
  CHECK(sources::TreeFile::open(dir.str(), "a/linked-file").status() == Status::symlink);
  auto fifo = sources::TreeFile::open(dir.str(), "a/fifo");  // returns at once
  CHECK(fifo.status() == Status::not_regular);
  CHECK(fifo.fd() < 0);
  CHECK(sources::TreeFile::open(dir.str(), "a/b").status() == Status::not_regular);
  CHECK(sources::TreeFile::open(dir.str(), "a/../a/b/file.txt").status() == Status::failed);
  CHECK(sources::TreeFile::open(dir.str(), "/etc/passwd").status() == Status::failed);
  auto missing = sources::TreeFile::open(dir.str(), "a/none");
  CHECK(missing.status() == Status::failed);
  CHECK(missing.problem().find("No such file") != std::string::npos);
}

TEST_CASE("TreeFile: a folder kept open from an earlier scan is never read again") {
  test::TempDir outside;
  outside.write("x.txt", "outside\n");
  test::TempDir dir;
  dir.write("a/x.txt", "first\n");
  using Status = sources::TreeFile::Status;
  auto read_all = [&](const std::string& relative) {
    auto file = sources::TreeFile::open(dir.str(), relative);
    std::string text(64, '\0');
    ssize_t got = file.status() == Status::opened ? ::read(file.fd(), text.data(), text.size()) : 0;
    text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return std::make_pair(file.status(), text);
  };
  CHECK(read_all("a/x.txt") == std::make_pair(Status::opened, std::string("first\n")));

  // Between two scans the folder moves away and another takes its name.
  fs::rename(dir.path() / "a", dir.path() / "old");
  dir.write("a/x.txt", "second\n");
  sources::TreeFile::forget_folders();
  CHECK(read_all("a/x.txt") == std::make_pair(Status::opened, std::string("second\n")));

  // ... or a symbolic link out of the tree takes it.
  fs::remove_all(dir.path() / "a");
  fs::create_directory_symlink(outside.path(), dir.path() / "a");
  sources::TreeFile::forget_folders();
  CHECK(read_all("a/x.txt").first == Status::symlink);
}
