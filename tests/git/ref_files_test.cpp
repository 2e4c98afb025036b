// git::read_ref_files and git::plain_repository: the ref files an org re-run
// reads instead of opening each repository through libgit2. They must agree
// with libgit2 wherever they answer, change whenever a ref does, and answer
// nothing (so that libgit2 decides) for any layout they do not fully know.
#include "git/ref_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "git/mirror.hpp"
#include "git/repository.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

namespace nts {
namespace {

namespace fs = std::filesystem;
using test::RepoBuilder;

void put(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
}

std::string digest(const std::string& path) {
  auto refs = git::read_ref_files(path);
  REQUIRE(refs.has_value());
  return refs->digest;
}

std::string libgit2_head(const std::string& path) {
  auto repo = git::Repository::open(path);
  REQUIRE(repo.ok());
  auto head = repo->head_commit();
  return head.value_or("");
}

}  // namespace

TEST_CASE("ref files: HEAD and the git directory agree with libgit2") {
  for (auto kind : {RepoBuilder::Kind::worktree, RepoBuilder::Kind::bare}) {
    RepoBuilder repo(kind);
    repo.write("README.md", "one\n");
    repo.commit("one", "2024-01-01");
    repo.tag("v1", true);
    repo.remote_branch("origin", "main");
    auto refs = git::read_ref_files(repo.path());
    REQUIRE(refs.has_value());
    CHECK(refs->head == libgit2_head(repo.path()));
    CHECK(refs->head == repo.head());
    auto git_dir = git::plain_repository(repo.path());
    REQUIRE(git_dir.has_value());
    CHECK(fs::equivalent(*git_dir, repo.gitdir()));
    CHECK(git_dir->back() == '/');
  }
}

TEST_CASE("ref files: the digest changes with every ref and with nothing else") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  repo.write("README.md", "one\n");
  const std::string first = repo.commit("one", "2024-01-01");
  const fs::path git_dir = repo.gitdir();
  const std::string start = digest(repo.path());
  CHECK(digest(repo.path()) == start);  // read again, nothing changed

  SECTION("a new tag at the same commit") {
    repo.tag("v1");
    CHECK(digest(repo.path()) != start);
  }
  SECTION("another branch moved, HEAD unchanged") {
    repo.branch("feature");
    const std::string with_branch = digest(repo.path());
    CHECK(with_branch != start);
    put(git_dir / "refs" / "heads" / "feature", std::string(40, 'a') + "\n");
    CHECK(digest(repo.path()) != with_branch);
    CHECK(git::read_ref_files(repo.path())->head == first);
  }
  SECTION("a deleted branch") {
    repo.branch("feature");
    const std::string with_branch = digest(repo.path());
    repo.delete_branch("feature");
    CHECK(digest(repo.path()) == start);
    CHECK(with_branch != start);
  }
  SECTION("a shallow boundary") {
    put(git_dir / "shallow", first + "\n");
    CHECK(digest(repo.path()) != start);
  }
  SECTION("HEAD's branch packed: still found, in packed-refs") {
    const std::string branch = "refs/heads/" + repo.current_branch();
    put(git_dir / "packed-refs",
        "# pack-refs with: peeled fully-peeled sorted \n" + first + " " + branch + "\n");
    fs::remove(git_dir / branch);
    auto refs = git::read_ref_files(repo.path());
    REQUIRE(refs.has_value());
    CHECK(refs->head == first);
    CHECK(refs->head == libgit2_head(repo.path()));
    CHECK(refs->digest != start);
  }
  SECTION("a detached HEAD") {
    put(git_dir / "HEAD", first + "\n");
    auto refs = git::read_ref_files(repo.path());
    REQUIRE(refs.has_value());
    CHECK(refs->head == first);
    CHECK(refs->digest != start);
  }
  SECTION("a ref being written (a .lock file) is not a ref") {
    put(git_dir / "refs" / "heads" / "next.lock", "partial");
    CHECK(digest(repo.path()) == start);
  }
}

TEST_CASE("ref files: a branch with no commit yet") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  auto refs = git::read_ref_files(repo.path());
  REQUIRE(refs.has_value());
  CHECK(refs->head.empty());
  CHECK(git::plain_repository(repo.path()).has_value());
}

TEST_CASE("ref files: any other layout is left to libgit2") {
  RepoBuilder repo;
  repo.write("README.md", "one\n");
  repo.commit("one", "2024-01-01");
  const fs::path git_dir = repo.gitdir();
  auto neither = [&](const std::string& path) {
    CHECK_FALSE(git::read_ref_files(path).has_value());
    CHECK_FALSE(git::plain_repository(path).has_value());
  };
  SECTION("a plain folder, and a folder inside a work tree") {
    test::TempDir plain;
    neither(plain.str());
    fs::create_directories(fs::path(repo.path()) / "src");
    neither(repo.path() + "/src");
  }
  SECTION("a .git file (gitdir: link), a linked work tree, reftable") {
    test::TempDir linked;
    put(linked.path() / ".git", "gitdir: " + git_dir.string() + "\n");
    neither(linked.str());
    put(git_dir / "commondir", "..\n");
    neither(repo.path());
    fs::remove(git_dir / "commondir");
    fs::create_directories(git_dir / "reftable");
    neither(repo.path());
  }
  SECTION("a symlinked ref, a malformed ref, a malformed HEAD, HEAD out of refs/") {
    fs::create_symlink(git_dir / "HEAD", git_dir / "refs" / "heads" / "linked");
    CHECK_FALSE(git::read_ref_files(repo.path()).has_value());
    fs::remove(git_dir / "refs" / "heads" / "linked");
    put(git_dir / "refs" / "tags" / "bad", "not an id\n");
    CHECK_FALSE(git::read_ref_files(repo.path()).has_value());
    fs::remove(git_dir / "refs" / "tags" / "bad");
    REQUIRE(git::read_ref_files(repo.path()).has_value());
    put(git_dir / "HEAD", "ref: ../../outside\n");
    neither(repo.path());
    put(git_dir / "HEAD", "garbage\n");
    neither(repo.path());
  }
  SECTION("HEAD's branch file malformed: the walk's probe asks libgit2, which names the error") {
    put(git_dir / "refs" / "heads" / repo.current_branch(), "zzz\n");
    CHECK_FALSE(git::plain_repository(repo.path()).has_value());
    auto probe = git::probe_repository(repo.path());
    CHECK_FALSE(probe.head_readable);
    CHECK_FALSE(probe.head_error.empty());
  }
  SECTION("a repository another user owns (libgit2's safe.directory rules decide)") {
    if (::geteuid() != 0) {
      WARN("not root: cannot give the repository to another user; part skipped");
      return;
    }
    REQUIRE(::chown(git_dir.c_str(), 4242, 4242) == 0);
    neither(repo.path());
  }
}

}  // namespace nts
