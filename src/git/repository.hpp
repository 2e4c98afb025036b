#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
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
  std::string git_dir() const;  // the .git folder (a linked work tree's own), trailing '/'
  std::optional<std::string> remote_url() const;   // origin, else the first remote
  std::optional<std::string> head_commit() const;  // nullopt in a repository without commits

 private:
  explicit Repository(RepositoryPtr repo) : m_repo(std::move(repo)) {}
  RepositoryPtr m_repo;
};

// A second libgit2 handle on the same repository, for a thread of its own or
// for state (an index, caches) that must not leak into the caller's handle.
core::Result<RepositoryPtr> open_private_handle(const Repository& repo);

// What the index tracks below a work-tree path: the files a work-tree scan
// reads first, and what the walk for untracked files needs to tell them apart.
struct TrackedFiles {
  std::string prefix;  // the scan root below the work tree: "" or "sub/dir/"
  // Below the scan root, relative to it: every tracked path (files, symlinks,
  // submodules), hashed because the walk asks about every file it meets.
  std::unordered_set<std::string> entries;
  std::vector<std::string> directories;  // folders holding a tracked entry ("a/b/"), sorted
  std::vector<std::string> submodules;   // sorted
  bool tracks(const std::string& path) const { return entries.count(path) != 0; }
  bool holds(const std::string& directory) const;
  bool is_submodule(const std::string& path) const;
};

// Reads the index once and calls `on_file` with each tracked regular file
// below `scan_root` (an absolute path in the work tree) as it goes, so a scan
// starts before the listing ends. A file deleted in the work tree is still
// listed: opening it says so, which costs nothing when it is there (a stat per
// file here was a quarter of a many-small-files scan). Submodules get a note
// in `issues`; symlinks are skipped (git commits the link text, not the target).
core::Result<TrackedFiles> list_tracked_files(const Repository& repo, const std::string& scan_root,
                                              std::vector<core::ScanIssue>& issues,
                                              const std::function<void(std::string)>& on_file);

// Whether git ignores `path` (relative to the work tree; a folder ends in
// '/'), with every parent folder's rules, .git/info/exclude and
// core.excludesFile, as `git status` decides for an untracked file.
bool is_ignored(const Repository& repo, const std::string& path);

// The paths (relative to the work tree) that the next commit would add,
// change or delete: HEAD's tree against the index (everything in the index
// before the first commit).
core::Result<std::set<std::string>> staged_paths(const Repository& repo);

}  // namespace nts::git
