#include "util/file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/catch.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

TEST_CASE("read_file: the whole file, a limit, and errors by errno") {
  test::TempDir dir;
  auto path = (dir.path() / "f.txt").string();
  std::string content(70000, 'x');
  content += "end\n";
  std::ofstream(path, std::ios::binary) << content;

  std::error_code error;
  auto read = util::read_file(path, error);
  REQUIRE(read);
  CHECK(!error);
  CHECK(*read == content);

  auto exact = util::read_file(path, error, content.size());
  REQUIRE(exact);
  CHECK(exact->size() == content.size());
  CHECK_FALSE(util::read_file(path, error, content.size() - 1));
  CHECK(error == std::errc::file_too_large);

  CHECK_FALSE(util::read_file((dir.path() / "missing").string(), error));
  CHECK(error == std::errc::no_such_file_or_directory);
  CHECK_FALSE(util::read_file(dir.path().string(), error));
  CHECK(error == std::errc::is_a_directory);

  std::ofstream((dir.path() / "empty").string());
  auto empty = util::read_file((dir.path() / "empty").string(), error);
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("read_all: to the end, to the expected size, or to a limit") {
  test::TempDir dir;
  auto path = (dir.path() / "g.txt").string();
  std::ofstream(path, std::ios::binary) << std::string(10000, 'y');
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  int failed = -1;
  CHECK(util::read_all(fd, SIZE_MAX, SIZE_MAX, &failed).size() == 10000);
  CHECK(failed == 0);
  ::lseek(fd, 0, SEEK_SET);
  CHECK(util::read_all(fd, 10).size() == 10);
  ::lseek(fd, 0, SEEK_SET);
  CHECK(util::read_all(fd, SIZE_MAX, 100).size() == 100);
  ::lseek(fd, 0, SEEK_SET);
  CHECK(util::read_all(fd, 20000).size() == 10000);
  ::close(fd);
}
