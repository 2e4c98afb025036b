#include "gitfmt/raw_tree.hpp"

#include <string>
#include <vector>

#include "tests/support/catch.hpp"

using namespace nts;

namespace {

std::string entry(const std::string& mode, const std::string& name, unsigned char id_byte) {
  return mode + " " + name + std::string(1, '\0') +
         std::string(gitfmt::k_oid_size, static_cast<char>(id_byte));
}

std::vector<gitfmt::RawTreeEntry> read_all(const std::string& bytes, bool& malformed) {
  gitfmt::RawTreeReader reader(bytes);
  std::vector<gitfmt::RawTreeEntry> out;
  gitfmt::RawTreeEntry next;
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
  CHECK(entries[0].id.id[gitfmt::k_oid_size - 1] == 1);
  CHECK(entries[0].type() == gitfmt::ObjectType::blob);
  CHECK(entries[1].type() == gitfmt::ObjectType::tree);
  CHECK(entries[2].is_symlink());
  CHECK(entries[2].type() == gitfmt::ObjectType::blob);
  CHECK(entries[3].type() == gitfmt::ObjectType::commit);
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
  gitfmt::RawTreeEntry file{0100644, "a", {}};
  gitfmt::RawTreeEntry dotted{0100644, "a.txt", {}};
  gitfmt::RawTreeEntry dir{040000, "a", {}};
  gitfmt::RawTreeEntry later{0100644, "a0", {}};
  CHECK(gitfmt::compare_tree_entries(file, dotted) < 0);
  CHECK(gitfmt::compare_tree_entries(dotted, dir) < 0);  // '.' < '/'
  CHECK(gitfmt::compare_tree_entries(dir, later) < 0);   // '/' < '0'
  CHECK(gitfmt::compare_tree_entries(file, dir) != 0);
  CHECK(gitfmt::compare_tree_entries(dir, gitfmt::RawTreeEntry{040000, "a", {}}) == 0);
  gitfmt::RawTreeEntry submodule{0160000, "a", {}};
  CHECK(gitfmt::compare_tree_entries(file, submodule) ==
        0);  // same slot: the walker checks the type
}

TEST_CASE("changed tree entries: only entries new or different from the parent's") {
  // Tree order: "a", "b" (a file), "b" as a directory sorts as "b/", "c".
  std::string parent = entry("100644", "a", 1) + entry("100644", "b", 2) + entry("100644", "c", 3);
  std::string tree = entry("100644", "a", 1) + entry("40000", "b", 2) + entry("100755", "c", 3) +
                     entry("100644", "d", 4);
  gitfmt::ChangedTreeEntries changes(tree, parent);
  gitfmt::RawTreeEntry changed;
  const gitfmt::RawTreeEntry* before = nullptr;
  std::vector<std::string> names;
  std::vector<bool> paired;
  while (changes.next(changed, before)) {
    names.emplace_back(changed.name);
    paired.push_back(before != nullptr);
  }
  // "a" is the same; "b" became a directory (no same-kind parent); a mode
  // change alone ("c") is not a change; "d" is new.
  CHECK(names == std::vector<std::string>{"b", "d"});
  CHECK(paired == std::vector<bool>{false, false});
  CHECK_FALSE(changes.malformed());
  CHECK_FALSE(changes.parent_malformed());

  std::string edited = entry("100644", "a", 9);
  gitfmt::ChangedTreeEntries edit(edited, parent);
  REQUIRE(edit.next(changed, before));
  REQUIRE(before != nullptr);
  CHECK(before->name == "a");
  CHECK_FALSE(edit.next(changed, before));

  gitfmt::ChangedTreeEntries broken(tree, "100644 x");
  while (broken.next(changed, before)) {
  }
  CHECK(broken.parent_malformed());
  CHECK_FALSE(broken.malformed());
}
