#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "git/handle.hpp"
#include "tests/support/temp_dir.hpp"

namespace nts::test {

// Builds a fixture git repository with libgit2, in a temporary directory,
// from a recipe that reads like the history it makes (no committed .git
// folders, no `git` binary needed):
//
//   RepoBuilder repo;
//   repo.write(".npmrc", "//registry.npmjs.org/:_authToken=" + token);
//   std::string added = repo.commit("add npmrc", "2024-01-02");
//   repo.remove(".npmrc");
//   repo.commit("remove npmrc", "2024-01-03");
//
// Edits (write, remove, rename, symlink, submodule) apply to the current
// branch's next commit. In a work-tree repository every commit is checked
// out, so the index and the files match HEAD until stage() or
// write_unstaged() change them. Failures throw std::runtime_error.
class RepoBuilder {
 public:
  enum class Kind { worktree, bare };
  explicit RepoBuilder(Kind kind = Kind::worktree);
  ~RepoBuilder();
  RepoBuilder(const RepoBuilder&) = delete;
  RepoBuilder& operator=(const RepoBuilder&) = delete;

  // The work tree (or, for a bare repository, the repository directory).
  std::string path() const { return m_dir.str(); }
  std::string gitdir() const;

  RepoBuilder& write(const std::string& path, std::string content);
  RepoBuilder& remove(const std::string& path);
  RepoBuilder& rename(const std::string& from, const std::string& to);
  RepoBuilder& symlink(const std::string& path, std::string target);
  RepoBuilder& submodule(const std::string& path, const std::string& commit_sha);
  // Writes the files of a workflow fixture (tests/workflows/NAME, without its
  // expected.json and remote.txt).
  RepoBuilder& write_fixture(const std::string& name);

  // Commits the current files on the current branch; `date` is "YYYY-MM-DD"
  // (UTC midnight) and becomes both author and committer date. Returns the sha.
  std::string commit(const std::string& message, const std::string& date);
  // A commit with the current branch and `branch` as parents. Files: ours,
  // plus theirs wherever theirs differs (theirs wins, nothing is deleted).
  std::string merge(const std::string& branch, const std::string& message, const std::string& date);

  void branch(const std::string& name);  // at the current commit; stays on the current branch
  void checkout(const std::string& name);
  void delete_branch(const std::string& name);
  void tag(const std::string& name, bool annotated = false);
  void remote_branch(const std::string& remote, const std::string& name);  // refs/remotes/...

  // Index and work tree only (worktree repositories).
  void stage(const std::string& path, const std::string& content);
  void write_unstaged(const std::string& path, const std::string& content);
  void stage_remove(const std::string& path);  // `git rm`
  // Rewrites the index without its cache-tree, as some tools leave it.
  void drop_cache_tree();

  std::string head() const;
  std::string current_branch() const { return m_branch; }
  // The id git gives `content` as a blob, and the file a loose object lives in
  // (every object this builder writes is loose, so tests can corrupt one).
  std::string blob_id(std::string_view content) const;
  std::string loose_object_path(const std::string& sha) const;

  static std::int64_t parse_date(const std::string& date);

 private:
  struct Entry {
    std::string content;  // file bytes, link target or submodule commit sha
    std::uint32_t mode = 0100644;
  };
  std::string commit_with_parents(const std::string& message, const std::string& date,
                                  const std::vector<git_oid>& parents);
  std::map<std::string, Entry> files_of(const std::string& commit_sha) const;
  void check_out_head();

  TempDir m_dir;
  Kind m_kind;
  git::RepositoryPtr m_repo;
  std::string m_branch = "main";
  std::map<std::string, Entry> m_files;
};

}  // namespace nts::test
