#include <fstream>
#include <iterator>
#include <string>

#include "detect/npm_token.hpp"
#include "git/blob_source.hpp"
#include "gitfmt/index_file.hpp"
#include "tests/git/visit_log.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;
using nts::test::VisitLog;

namespace {

git::SourceResult staged(const RepoBuilder& builder, VisitLog& log) {
  auto repo = git::Repository::open(builder.path());
  REQUIRE(repo.ok());
  auto result = git::scan_staged(*repo, {}, log.visitor());
  REQUIRE(result.ok());
  return std::move(result).value();
}

std::vector<std::pair<int, int>> ranges(const git::BlobToScan& blob) {
  std::vector<std::pair<int, int>> out;
  for (const git::LineRange& range : blob.added_lines) {
    out.emplace_back(range.first, range.last);
  }
  return out;
}

}  // namespace

TEST_CASE("staged: only staged lines are reported, numbered in the staged file") {
  std::string staged_token = detect::make_npm_token(11);
  std::string new_file_token = detect::make_npm_token(12);
  std::string unstaged_token = detect::make_npm_token(13);
  RepoBuilder repo;
  repo.write("config.txt", "a\nb\nc\n").write("other.txt", "other\n");
  std::string head = repo.commit("start", "2024-01-01");
  repo.stage("config.txt", "a\nauth=" + staged_token + "\nb\nc\n");
  repo.stage("new/.npmrc", "//registry.npmjs.org/:_authToken=" + new_file_token + "\n");
  repo.write_unstaged("other.txt", "other\n" + unstaged_token + "\n");
  repo.write_unstaged("untracked.txt", unstaged_token + "\n");

  VisitLog log;
  git::SourceResult result = staged(repo, log);
  CHECK(log.paths() == std::vector<std::string>{"config.txt", "new/.npmrc"});
  CHECK(log.containing(unstaged_token).empty());
  auto config = log.containing(staged_token);
  REQUIRE(config.size() == 1);
  CHECK(ranges(config[0].blob) == std::vector<std::pair<int, int>>{{2, 2}});
  CHECK(config[0].blob.reports_line(2));
  CHECK_FALSE(config[0].blob.reports_line(1));
  CHECK_FALSE(config[0].blob.reports_line(3));
  CHECK_FALSE(config[0].blob.commit.has_value());
  REQUIRE(log.containing(new_file_token).size() == 1);
  CHECK(log.containing(new_file_token)[0].blob.reports_line(1));
  CHECK(result.head == head);
  CHECK(result.issues.empty());
}

TEST_CASE("staged: nothing staged means nothing visited") {
  RepoBuilder repo;
  repo.write("a.txt", "a\n");
  repo.commit("start", "2024-01-01");
  repo.write_unstaged("a.txt", "changed but not staged\n");
  VisitLog log;
  staged(repo, log);
  CHECK(log.all().empty());
}

TEST_CASE("staged: in a repository without commits everything in the index is new") {
  std::string token = detect::make_npm_token(14);
  RepoBuilder repo;
  repo.stage(".npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  VisitLog log;
  git::SourceResult result = staged(repo, log);
  REQUIRE(log.containing(token).size() == 1);
  CHECK(log.containing(token)[0].blob.reports_line(1));
  CHECK_FALSE(result.head.has_value());
}

TEST_CASE("staged: a renamed file is not new content, a deleted one is not scanned") {
  std::string token = detect::make_npm_token(15);
  RepoBuilder repo;
  repo.write("old/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\nregistry=x\n");
  repo.write("gone.txt", "bye\n");
  repo.commit("start", "2024-01-01");
  repo.stage_remove("old/.npmrc");
  repo.stage("new/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\nregistry=y\n");
  repo.stage_remove("gone.txt");

  VisitLog log;
  staged(repo, log);
  REQUIRE(log.all().size() == 1);
  const git::BlobToScan& moved = log.all()[0].blob;
  CHECK(moved.path == "new/.npmrc");
  CHECK(ranges(moved) == std::vector<std::pair<int, int>>{{2, 2}});
  CHECK_FALSE(moved.reports_line(1));  // the token line came along with the rename
}

TEST_CASE("staged: a bare repository has no index to scan") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  repo.write("a.txt", "a\n");
  repo.commit("start", "2024-01-01");
  auto opened = git::Repository::open(repo.path());
  REQUIRE(opened.ok());
  VisitLog log;
  auto result = git::scan_staged(*opened, {}, log.visitor());
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message == "--staged needs a work tree, and this is a bare repository");
}

TEST_CASE("staged: the cache-tree shortcut and the full index diff see the same changes") {
  std::string token = detect::make_npm_token(16);
  RepoBuilder repo;
  for (int i = 0; i < 30; ++i) {
    std::string n = std::to_string(i);
    repo.write("pkg/a/file" + n + ".txt", "a " + n + "\n");
    repo.write("pkg/b/file" + n + ".txt", "b " + n + "\n");
    repo.write("docs/page" + n + ".md", "page " + n + "\n");
  }
  repo.write("pkg/a.txt", "sorts between pkg/a- and pkg/a/\n");
  repo.write("pkg/a-b/x.txt", "x\n");
  repo.write("gone/one.txt", "one\n").write("gone/deeper/two.txt", "two\n");
  repo.commit("start", "2024-01-01");
  repo.stage("pkg/a/file7.txt", "a 7\ntoken=" + token + "\n");
  repo.stage("pkg/a-b/y.txt", "new " + token + "\n");
  repo.stage("pkg/a.txt", "sorts between pkg/a- and pkg/a/\nmore\n");
  repo.stage("new/dir/deep.txt", "deep\n");
  repo.stage_remove("gone/one.txt");
  repo.stage_remove("gone/deeper/two.txt");
  repo.stage_remove("pkg/b/file3.txt");
  repo.stage("pkg/b/moved3.txt", "b 3\n");  // a pure rename: nothing new

  auto summary = [](const VisitLog& log) {
    std::vector<std::string> out;
    for (const test::Visit& visit : log.all()) {
      std::string line = visit.blob.path;
      for (const git::LineRange& range : visit.blob.added_lines) {
        line += " " + std::to_string(range.first) + "-" + std::to_string(range.last);
      }
      out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  VisitLog fast;
  REQUIRE(gitfmt::IndexFile::load(repo.gitdir() + "index").has_value());  // the shortcut applies
  staged(repo, fast);
  repo.drop_cache_tree();
  REQUIRE_FALSE(gitfmt::IndexFile::load(repo.gitdir() + "index").has_value());
  VisitLog full;
  staged(repo, full);
  CHECK(summary(fast) == summary(full));
  CHECK(fast.paths() == std::vector<std::string>{"new/dir/deep.txt", "pkg/a-b/y.txt", "pkg/a.txt",
                                                 "pkg/a/file7.txt"});
  REQUIRE(fast.containing("more").size() == 1);
  CHECK(ranges(fast.containing("more")[0].blob) == std::vector<std::pair<int, int>>{{2, 2}});
}

TEST_CASE("staged: the index reader knows which entries each directory holds") {
  RepoBuilder repo;
  repo.write("a.txt", "a\n").write("b/one.txt", "1\n").write("b/c/two.txt", "2\n");
  repo.write("b-side.txt", "sorts between b and b/\n").write("d/three.txt", "3\n");
  repo.commit("start", "2024-01-01");
  repo.stage("b/c/new.txt", "new\n");
  auto index = gitfmt::IndexFile::load(repo.gitdir() + "index");
  REQUIRE(index.has_value());
  REQUIRE(index->size() == 6);
  std::vector<std::string> listed;
  for (const gitfmt::IndexDirectory& dir : index->directories()) {
    listed.push_back("'" + dir.path + "' " + std::to_string(dir.begin) + "-" +
                     std::to_string(dir.end) + " children " + std::to_string(dir.children.size()));
  }
  // Index order: a.txt, b-side.txt, b/c/new.txt, b/c/two.txt, b/one.txt, d/three.txt.
  CHECK(listed == std::vector<std::string>{"'' 0-6 children 2", "'b/' 2-5 children 1",
                                           "'b/c/' 2-4 children 0", "'d/' 5-6 children 0"});
  auto entries = index->read_entries(2, 5);
  REQUIRE(entries.has_value());
  std::vector<std::string> paths;
  for (const gitfmt::IndexEntry& entry : *entries) {
    paths.push_back(entry.path);
  }
  CHECK(paths == std::vector<std::string>{"b/c/new.txt", "b/c/two.txt", "b/one.txt"});
}

TEST_CASE("staged: a malformed cache-tree is refused without reading past it") {
  RepoBuilder repo;
  repo.write("a.txt", "a\n").write("b/one.txt", "1\n");
  repo.commit("start", "2024-01-01");
  std::ifstream in(repo.gitdir() + "index", std::ios::binary);
  std::string index((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto tree = index.find("TREE");
  REQUIRE(tree != std::string::npos);
  REQUIRE(gitfmt::IndexFile::load(repo.gitdir() + "index").has_value());
  // The extension is followed by the file's checksum, not by a NUL: a count
  // that runs to the end of the extension must not be read on past it.
  auto with_tree = [&](const std::string& payload) {
    std::string size(4, '\0');
    for (int i = 0; i < 4; ++i) {
      size[static_cast<std::size_t>(i)] =
          static_cast<char>((payload.size() >> (24 - 8 * i)) & 0xff);
    }
    std::string out = index.substr(0, tree) + "TREE" + size + payload + std::string(20, '7');
    std::ofstream(repo.gitdir() + "index", std::ios::binary | std::ios::trunc) << out;
    return gitfmt::IndexFile::load(repo.gitdir() + "index");
  };
  CHECK_FALSE(with_tree(std::string(1, '\0') + "12").has_value());
  CHECK_FALSE(with_tree(std::string(1, '\0') + "2 1").has_value());
  // A subtree count no extension could hold is refused before any allocation.
  CHECK_FALSE(with_tree(std::string(1, '\0') + "-1 99999999999\n").has_value());
  CHECK_FALSE(with_tree(std::string(1, '\0') + "x 1\n").has_value());
}
