#include "git/tree_view.hpp"

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
