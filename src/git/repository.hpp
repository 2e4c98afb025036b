#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/scan_report.hpp"
#include "git/handle.hpp"

namespace nts::git {

// An open repository: a work tree (found by walking up from the path, as git
// does) or a bare/mirror clone.
class Repository {
 public:
  // nullopt when `path` is not inside a git repository; an Error when it is
  // but cannot be opened (corrupt, permissions).
  static core::Result<std::optional<Repository>> discover(const std::string& path);
  static core::Result<Repository> open(const std::string& path);

  git_repository* get() const { return m_repo.get(); }
  bool is_bare() const;
  std::string workdir() const;  // with a trailing '/', empty for bare repositories
  std::optional<std::string> remote_url() const;   // origin, else the first remote
  std::optional<std::string> head_commit() const;  // nullopt in a repository without commits

 private:
  explicit Repository(RepositoryPtr repo) : m_repo(std::move(repo)) {}
  RepositoryPtr m_repo;
};

// A second libgit2 handle on the same repository, for a thread of its own or
// for state (an index, caches) that must not leak into the caller's handle.
core::Result<RepositoryPtr> open_private_handle(const Repository& repo);

// A file a work-tree scan reads: what `git add -A` would commit.
struct WorktreeFile {
  std::string path;  // relative to the scan root
};

// Tracked files (from the index, minus those deleted in the work tree) and
// untracked files that are not ignored, below `scan_root` (an absolute path in
// the work tree). Submodules and symlinks are skipped with a note in `issues`.
core::Result<std::vector<WorktreeFile>> list_worktree_files(const Repository& repo,
                                                            const std::string& scan_root,
                                                            std::vector<core::ScanIssue>& issues);

// The paths (relative to the work tree) that the next commit would add,
// change or delete: HEAD's tree against the index (everything in the index
// before the first commit).
core::Result<std::set<std::string>> staged_paths(const Repository& repo);

}  // namespace nts::git
