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
