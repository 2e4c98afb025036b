#include "git/commit_additions.hpp"

#include <cstdio>
#include <optional>
#include <random>
#include <tuple>
#include <vector>

#include "detect/npm_token.hpp"
#include "git/blob_source.hpp"
#include "git/diff_blobs.hpp"
#include "tests/git/visit_log.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

struct AddedLine {
  std::string path;
  std::string blob;
  bool regular = true;
  int line = 0;
  std::string text;
  bool operator==(const AddedLine&) const = default;
};

std::ostream& operator<<(std::ostream& out, const AddedLine& added) {
  return out << added.path << ':' << added.line << " (" << added.blob << ")";
}

std::string day(int n) {
  char out[16];
  std::snprintf(out, sizeof(out), "%04d-%02d-%02d", 2001 + n / 336, 1 + (n / 28) % 12, 1 + n % 28);
  return out;
}

// Random file content: a few lines, sometimes CRLF, sometimes without a
// final newline, sometimes a NUL byte (binary), sometimes a token.
std::string content(std::mt19937& rng, int seed) {
  std::string out;
  int lines = static_cast<int>(rng() % 12);
  bool crlf = rng() % 5 == 0;
  for (int i = 0; i < lines; ++i) {
    switch (rng() % 9) {
      case 0:
        out += "token=" + detect::make_npm_token(static_cast<int>(rng() % 1000) + seed);
        break;
      case 1:
        out += std::string("bin\0ary", 7);
        break;
      case 2:
        break;  // an empty line
      default:
        out += "line " + std::to_string(rng() % 40);  // repeats, so diffs have to align
    }
    out += crlf ? "\r\n" : "\n";
  }
  if (rng() % 4 == 0 && !out.empty()) {
    out.pop_back();  // no newline at the end
  }
  return out;
}

// What libgit2's tree-to-tree diff (the range scan's former reader) says
// the commit added: every addition line, in its delta order.
std::vector<AddedLine> libgit2_additions(git_repository* repo, git_commit* commit) {
  git_tree* tree = nullptr;
  REQUIRE(git_commit_tree(&tree, commit) == 0);
  git::TreePtr owned_tree(tree);
  git::TreePtr parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* parent = nullptr;
    REQUIRE(git_commit_parent(&parent, commit, 0) == 0);
    git::CommitPtr owned_parent(parent);
    git_tree* raw = nullptr;
    REQUIRE(git_commit_tree(&raw, parent) == 0);
    parent_tree.reset(raw);
  }
  git_diff_options options = git::added_lines_diff_options();
  git_diff* raw_diff = nullptr;
  REQUIRE(git_diff_tree_to_tree(&raw_diff, repo, parent_tree.get(), tree, &options) == 0);
  git::DiffPtr diff(raw_diff);
  std::vector<AddedLine> out;
  auto on_line = [](const git_diff_delta* delta, const git_diff_hunk*, const git_diff_line* line,
                    void* payload) -> int {
    if (line->origin == GIT_DIFF_LINE_ADDITION) {
      bool regular = delta->new_file.mode == GIT_FILEMODE_BLOB ||
                     delta->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE;
      static_cast<std::vector<AddedLine>*>(payload)->push_back(
          {delta->new_file.path, git::oid_hex(delta->new_file.id), regular, line->new_lineno,
           std::string(line->content, line->content_len)});
    }
    return 0;
  };
  REQUIRE(git_diff_foreach(diff.get(), nullptr, nullptr, nullptr, on_line, &out) == 0);
  return out;
}

std::vector<AddedLine> our_additions(git::CommitAdditions& additions, git_commit* commit) {
  std::optional<git_oid> parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* parent = nullptr;
    REQUIRE(git_commit_parent(&parent, commit, 0) == 0);
    git::CommitPtr owned(parent);
    parent_tree = *git_commit_tree_id(parent);
  }
  std::vector<AddedLine> out;
  int status = additions.visit(
      parent_tree ? &*parent_tree : nullptr, *git_commit_tree_id(commit),
      [&](const git::ChangedFile& file, int line, std::string_view text) {
        out.push_back({file.path, git::oid_hex(file.blob), file.regular, line, std::string(text)});
      });
  REQUIRE(status == 0);
  return out;
}

// A random history: edits, renames, deletions, copies, symlinks, a
// directory replaced by a file, and branches merged back.
void random_history(RepoBuilder& repo) {
  std::mt19937 rng(21);
  std::vector<std::string> paths = {"a.txt", "dir/b.txt", "dir/sub/c.js", "d.json"};
  for (const auto& path : paths) {
    repo.write(path, content(rng, 0));
  }
  repo.commit("start", day(0));
  int feature = 0;
  for (int n = 1; n < 90; ++n) {
    std::string& path = paths[rng() % paths.size()];
    switch (rng() % 10) {
      case 0: {  // rename, sometimes with an edit
        std::string to = "moved/" + std::to_string(n) + ".txt";
        repo.rename(path, to);
        if (rng() % 2 == 0) {
          repo.write(to, content(rng, n));
        }
        path = to;
        break;
      }
      case 1:  // delete, and a new file elsewhere
        repo.remove(path);
        path = "new/" + std::to_string(n) + "/f.txt";
        repo.write(path, content(rng, n));
        break;
      case 2:  // a copy of a file under another name (the same blob twice)
        repo.write("copy" + std::to_string(n) + ".txt", content(rng, 5));
        repo.write("again" + std::to_string(n) + ".txt", content(rng, 5));
        break;
      case 3:  // a file becomes a symlink, or a symlink appears
        if (rng() % 2 == 0) {
          repo.symlink(path, "target-" + std::to_string(n));
          path = "after-link/" + std::to_string(n) + ".txt";
          repo.write(path, content(rng, n));
        } else {
          repo.symlink("link" + std::to_string(n), "a.txt");
        }
        break;
      case 4:  // a directory's only file removed and a file of the same name added
        repo.write("swap/inner.txt", content(rng, n));
        repo.commit("dir", day(n));
        repo.remove("swap/inner.txt");
        repo.write("swap", content(rng, n));
        repo.commit("file", day(n));
        repo.remove("swap");
        break;
      default: {  // an edit: some lines kept, some changed
        std::string text = content(rng, n);
        repo.write(path, text + "line 3\n" + content(rng, n));
      }
    }
    repo.commit("change " + std::to_string(n), day(n));
    if (n % 15 == 0) {  // a branch with its own edits, merged back
      std::string name = "feature" + std::to_string(++feature);
      repo.branch(name);
      repo.checkout(name);
      repo.write("feature/" + name + ".txt", content(rng, n));
      repo.write(paths[0], content(rng, n));
      repo.commit("feature work", day(n));
      repo.checkout("main");
      repo.write(paths[1], content(rng, n));
      repo.commit("main work", day(n));
      repo.merge(name, "merge " + name, day(n));
    }
  }
}

// The random history, opened, with its commits oldest first and a
// CommitAdditions on a small cache (so that both hits and evictions happen).
struct OpenedHistory {
  OpenedHistory() {
    random_history(builder);
    auto opened = git::Repository::open(builder.path());
    REQUIRE(opened.ok());
    repo.emplace(std::move(opened).value());
    git_odb* raw_odb = nullptr;
    REQUIRE(git_repository_odb(&raw_odb, handle()) == 0);
    odb.reset(raw_odb);
    additions.emplace(odb.get(), 4096);
    git_revwalk* raw_walk = nullptr;
    REQUIRE(git_revwalk_new(&raw_walk, handle()) == 0);
    git::RevwalkPtr walk(raw_walk);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    REQUIRE(git_revwalk_push_head(walk.get()) == 0);
    git_oid oid;
    while (git_revwalk_next(&oid, walk.get()) == 0) {
      commits.push_back(oid);
    }
  }
  git_repository* handle() const { return repo->get(); }
  git::CommitPtr commit(const git_oid& oid) const {
    git_commit* raw = nullptr;
    REQUIRE(git_commit_lookup(&raw, handle(), &oid) == 0);
    return git::CommitPtr(raw);
  }

  RepoBuilder builder;
  std::optional<git::Repository> repo;
  git::OdbPtr odb;
  std::optional<git::CommitAdditions> additions;
  std::vector<git_oid> commits;
};

}  // namespace

TEST_CASE("commit additions: the lines libgit2's tree diff adds, commit by commit") {
  OpenedHistory history;
  std::size_t lines = 0;
  for (const git_oid& oid : history.commits) {
    git::CommitPtr commit = history.commit(oid);
    auto expected = libgit2_additions(history.handle(), commit.get());
    INFO("commit " << git::oid_hex(oid));
    CHECK(our_additions(*history.additions, commit.get()) == expected);
    lines += expected.size();
  }
  CHECK(history.commits.size() > 100);
  CHECK(lines > 300);
}

TEST_CASE("changed blobs: reading through a cache gives libgit2's patches' lines") {
  OpenedHistory history;
  git::ObjectReader read = [&](const git_oid& oid, git::OdbObjectPtr& object) {
    int status = 0;
    object = history.additions->read(oid, status);
    return status;
  };
  auto tree_of = [&](const git_oid& oid) {
    git_tree* tree = nullptr;
    REQUIRE(git_commit_tree(&tree, history.commit(oid).get()) == 0);
    return git::TreePtr(tree);
  };
  auto summary = [](const std::vector<git::ChangedBlob>& blobs) {
    std::vector<std::tuple<std::string, std::string, int, int>> out;
    for (const auto& blob : blobs) {
      for (const auto& lines : blob.added_lines) {
        out.emplace_back(blob.path, git::oid_hex(blob.oid), lines.first, lines.last);
      }
    }
    return out;
  };
  // Every commit against the root commit and against its first parent, as
  // the range scan's final diff (renames detected) sees them.
  const auto& commits = history.commits;
  git::TreePtr root = tree_of(commits.front());
  std::size_t ranges = 0;
  for (std::size_t i = 1; i < commits.size(); ++i) {
    git::TreePtr tree = tree_of(commits[i]);
    git::TreePtr parent = tree_of(commits[i - 1]);
    for (git_tree* old_tree : {root.get(), parent.get()}) {
      git_diff_options options = git::added_lines_diff_options();
      git_diff* raw_diff = nullptr;
      REQUIRE(git_diff_tree_to_tree(&raw_diff, history.handle(), old_tree, tree.get(), &options) ==
              0);
      git::DiffPtr diff(raw_diff);
      std::vector<core::ScanIssue> issues;
      git::find_renames(diff.get(), issues);
      auto expected = summary(git::changed_blobs(history.handle(), diff.get(), {}, issues));
      INFO("commit " << git::oid_hex(commits[i]));
      CHECK(summary(git::changed_blobs(history.handle(), diff.get(), {}, issues, read)) ==
            expected);
      CHECK(issues.empty());
      ranges += expected.size();
    }
  }
  CHECK(ranges > 300);
}
