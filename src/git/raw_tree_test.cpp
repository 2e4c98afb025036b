#include "git/raw_tree.hpp"

#include <string>
#include <vector>

#include "tests/support/catch.hpp"

using namespace nts;

namespace {

std::string entry(const std::string& mode, const std::string& name, unsigned char id_byte) {
  return mode + " " + name + std::string(1, '\0') +
         std::string(GIT_OID_RAWSZ, static_cast<char>(id_byte));
}

std::vector<git::RawTreeEntry> read_all(const std::string& bytes, bool& malformed) {
  git::RawTreeReader reader(bytes);
  std::vector<git::RawTreeEntry> out;
  git::RawTreeEntry next;
  while (reader.next(next)) {
    out.push_back(next);
  }
  malformed = reader.malformed();
  return out;
}

}  // namespace

TEST_CASE("raw tree: entries parse with mode, name, id and type") {
  std::string bytes = entry("100644", "a.txt", 1) + entry("40000", "dir", 2) +
                      entry("120000", "link", 3) + entry("160000", "sub", 4) +
                      entry("100755", "run.sh", 5);
  bool malformed = true;
  auto entries = read_all(bytes, malformed);
  CHECK_FALSE(malformed);
  REQUIRE(entries.size() == 5);
  CHECK(entries[0].name == "a.txt");
  CHECK(entries[0].mode == 0100644);
  CHECK(entries[0].id.id[0] == 1);
  CHECK(entries[0].id.id[GIT_OID_RAWSZ - 1] == 1);
  CHECK(entries[0].type() == GIT_OBJECT_BLOB);
  CHECK(entries[1].type() == GIT_OBJECT_TREE);
  CHECK(entries[2].is_symlink());
  CHECK(entries[2].type() == GIT_OBJECT_BLOB);
  CHECK(entries[3].type() == GIT_OBJECT_COMMIT);
  CHECK(entries[4].mode == 0100755);
}

TEST_CASE("raw tree: a malformed entry stops the reader and says so") {
  std::string good = entry("100644", "a.txt", 1);
  for (const std::string& bad : {std::string("100644 no-nul-and-no-id"),
                                 std::string("10x644 a") + '\0' + std::string(20, 'i'),
                                 std::string("100644 a") + '\0' + "short-id",
                                 std::string("100644 ") + '\0' + std::string(20, 'i'),
                                 std::string(" a") + '\0' + std::string(20, 'i')}) {
    INFO(bad);
    bool malformed = false;
    auto entries = read_all(good + bad, malformed);
    CHECK(entries.size() == 1);
    CHECK(malformed);
  }
  bool malformed = true;
  CHECK(read_all("", malformed).empty());
  CHECK_FALSE(malformed);
}

TEST_CASE("raw tree: entries compare in git's order, a directory as if its name ended in a slash") {
  git::RawTreeEntry file{0100644, "a", {}};
  git::RawTreeEntry dotted{0100644, "a.txt", {}};
  git::RawTreeEntry dir{040000, "a", {}};
  git::RawTreeEntry later{0100644, "a0", {}};
  CHECK(git::compare_tree_entries(file, dotted) < 0);
  CHECK(git::compare_tree_entries(dotted, dir) < 0);  // '.' < '/'
  CHECK(git::compare_tree_entries(dir, later) < 0);   // '/' < '0'
  CHECK(git::compare_tree_entries(file, dir) != 0);
  CHECK(git::compare_tree_entries(dir, git::RawTreeEntry{040000, "a", {}}) == 0);
  git::RawTreeEntry submodule{0160000, "a", {}};
  CHECK(git::compare_tree_entries(file, submodule) == 0);  // same slot: the walker checks the type
}
