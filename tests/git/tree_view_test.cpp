#include "git/tree_view.hpp"

#include <filesystem>

#include "git/raw_tree_walk.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;

TEST_CASE("tree view: the files of a commit's tree, without symlinks or submodules") {
  RepoBuilder repo;
  repo.write(".github/workflows/release.yml", "on: push\n");
  repo.write("package.json", "{}\n");
  std::string first = repo.commit("start", "2024-01-01");
  repo.tag("v1");
  repo.write("package.json", "{\"name\": \"widgets\"}\n");
  repo.symlink("link", "package.json");
  repo.submodule("vendor/lib", first);
  repo.commit("more", "2024-01-02");

  auto opened = git::Repository::open(repo.path());
  REQUIRE(opened.ok());
  auto head = git::tree_view(*opened, "HEAD");
  REQUIRE(head.ok());
  CHECK((*head)->paths() ==
        std::vector<std::string>{".github/workflows/release.yml", "package.json"});
  CHECK((*head)->read("package.json") == std::optional<std::string>("{\"name\": \"widgets\"}\n"));
  CHECK_FALSE((*head)->read("link").has_value());
  CHECK_FALSE((*head)->remote_url().has_value());

  auto tagged = git::tree_view(*opened, "v1");
  REQUIRE(tagged.ok());
  CHECK((*tagged)->read("package.json") == std::optional<std::string>("{}\n"));

  auto missing = git::tree_view(*opened, "nope");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("unknown revision 'nope'") != std::string::npos);
}

TEST_CASE("index view: the snapshot the next commit would record") {
  RepoBuilder repo;
  repo.write("a.txt", "a\n");
  repo.commit("start", "2024-01-01");
  repo.stage("b.txt", "b\n");
  repo.write_unstaged("c.txt", "c\n");
  auto opened = git::Repository::open(repo.path());
  REQUIRE(opened.ok());
  auto index = git::index_view(*opened);
  REQUIRE(index.ok());
  CHECK((*index)->paths() == std::vector<std::string>{"a.txt", "b.txt"});
  CHECK((*index)->read("b.txt") == std::optional<std::string>("b\n"));
}

TEST_CASE("raw tree walk: every entry with its path, deep trees, and a missing subtree") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  std::string deep;
  for (int level = 0; level < 400; ++level) {
    deep += "d/";  // far deeper than real repositories: no recursion, so no stack limit
  }
  repo.write(deep + "bottom.txt", "x\n");
  repo.write("a.b", "1\n");
  repo.write("a/z.txt", "2\n");
  repo.write("a/b/c.txt", "3\n");
  repo.symlink("link", "a.b");
  repo.commit("start", "2024-01-01");
  auto opened = git::Repository::open(repo.path());
  REQUIRE(opened.ok());
  git_odb* raw_odb = nullptr;
  REQUIRE(git_repository_odb(&raw_odb, opened->get()) == 0);
  git::OdbPtr odb(raw_odb);
  git_oid tree{};
  git_object* root = nullptr;
  REQUIRE(git_revparse_single(&root, opened->get(), "HEAD^{tree}") == 0);
  git_oid_cpy(&tree, git_object_id(root));
  git_object_free(root);

  std::vector<std::string> paths;
  REQUIRE(git::walk_tree_entries(odb.get(), tree,
                                 [&](const std::string& path, const gitfmt::RawTreeEntry& entry) {
                                   paths.push_back(path + (entry.is_symlink() ? " ->" : ""));
                                 }));
  // git's tree order: "a" (a folder, compared as "a/") sorts after "a.b".
  CHECK(paths ==
        std::vector<std::string>{"a.b", "a/b/c.txt", "a/z.txt", deep + "bottom.txt", "link ->"});

  // A subtree the object database does not hold: false, with libgit2's error naming it.
  git_object* sub = nullptr;
  REQUIRE(git_revparse_single(&sub, opened->get(), "HEAD:a/b") == 0);
  std::string sub_hex = git::oid_hex(*git_object_id(sub));
  git_object_free(sub);
  odb.reset();
  std::filesystem::remove(repo.gitdir() + "/objects/" + sub_hex.substr(0, 2) + "/" +
                          sub_hex.substr(2));
  auto reopened = git::Repository::open(repo.path());
  REQUIRE(reopened.ok());
  REQUIRE(git_repository_odb(&raw_odb, reopened->get()) == 0);
  git::OdbPtr fresh(raw_odb);
  std::vector<std::string> partial;
  CHECK_FALSE(git::walk_tree_entries(
      fresh.get(), tree,
      [&](const std::string& path, const gitfmt::RawTreeEntry&) { partial.push_back(path); }));
  CHECK(partial == std::vector<std::string>{"a.b"});
  CHECK_FALSE(git::last_error_message().empty());
}
