#include "util/output_file.hpp"

#include <filesystem>

#include "tests/support/catch.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
namespace fs = std::filesystem;

TEST_CASE("write_output_file replaces a file, refuses a link, writes a device in place") {
  test::TempDir dir;
  auto target = dir.path() / "report.json";
  CHECK(util::write_output_file(target.string(), "one\n").empty());
  CHECK(test::read_file(target) == "one\n");
  CHECK(util::write_output_file(target.string(), "two\n").empty());
  CHECK(test::read_file(target) == "two\n");

  auto victim = dir.write("victim.txt", "keep\n");
  fs::create_symlink(victim, dir.path() / "link.sarif");
  auto refused = util::write_output_file((dir.path() / "link.sarif").string(), "x");
  CHECK(refused.find("symbolic link") != std::string::npos);
  CHECK(test::read_file(victim) == "keep\n");
  // A dangling link (to a file the attacker wants created) is refused too.
  fs::create_symlink(dir.path() / "created-elsewhere", dir.path() / "dangling.sarif");
  CHECK_FALSE(util::write_output_file((dir.path() / "dangling.sarif").string(), "x").empty());
  CHECK_FALSE(fs::exists(dir.path() / "created-elsewhere"));

  CHECK(util::write_output_file("/dev/null", "x").empty());
  CHECK_FALSE(util::write_output_file((dir.path() / "missing" / "r.json").string(), "x").empty());
  // Nothing is left behind beside the outputs.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) {
    ++files;
  }
  CHECK(files == 4);  // report.json, victim.txt and the two links
}
