#include <git2/sys/repository.h>

#include "git/blob_pool.hpp"
#include "git/blob_source.hpp"
#include "git/diff_blobs.hpp"
#include "git/staged_changes.hpp"

namespace nts::git {
namespace {

// HEAD's tree, or null in a repository without commits (everything staged is new).
core::Result<TreePtr> head_tree(git_repository* repo) {
  git_reference* raw_head = nullptr;
  int rc = git_repository_head(&raw_head, repo);
  if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
    return TreePtr();
  }
  if (rc != 0) {
    return last_error("cannot resolve HEAD", git_repository_path(repo));
  }
  ReferencePtr head(raw_head);
  git_object* raw_tree = nullptr;
  if (git_reference_peel(&raw_tree, head.get(), GIT_OBJECT_TREE) != 0) {
    core::Error error = last_error("cannot read HEAD's tree", git_repository_path(repo));
    error.hint = "the repository may be corrupt: run `git fsck`";
    return error;
  }
  return TreePtr(reinterpret_cast<git_tree*>(raw_tree));
}

}  // namespace

core::Result<SourceResult> scan_staged(const Repository& repo, const SourceOptions& options,
                                       const BlobVisitor& visit) {
  ensure_initialised();
  git_repository* handle = repo.get();
  if (repo.is_bare()) {
    core::Error error;
    error.message = "--staged needs a work tree, and this is a bare repository";
    error.location = core::Location{git_repository_path(handle), 0, 0};
    error.hint = "use --history or --range on a bare clone";
    return error;
  }
  SourceResult result;
  result.head = repo.head_commit();
  auto tree = head_tree(handle);
  if (!tree) {
    return tree.error();
  }
  // Index against HEAD's tree only: the work tree is never read, so unstaged
  // edits are not reported and the cost does not grow with untracked files.
  git_diff_options diff_options = added_lines_diff_options();
  git_diff* raw_diff = nullptr;
  RepositoryPtr private_handle;
  if (auto changed = staged_indexes_from_cache_tree(handle, tree->get())) {
    // Diffing reads .gitattributes, from the index too: on the caller's handle
    // that would parse the whole index after all. A private handle whose index
    // is the small one of changed paths keeps the cost with the change.
    auto opened = open_private_handle(repo);
    if (!opened) {
      return opened.error();
    }
    private_handle = std::move(*opened);
    handle = private_handle.get();
    if (git_repository_set_index(handle, changed->index_side.get()) != 0 ||
        git_diff_index_to_index(&raw_diff, handle, changed->head_side.get(),
                                changed->index_side.get(), &diff_options) != 0) {
      return last_error("cannot compare the index with HEAD", git_repository_path(handle));
    }
  } else {
    git_index* raw_index = nullptr;
    if (git_repository_index(&raw_index, handle) != 0) {
      return last_error("cannot read the git index", git_repository_path(handle));
    }
    IndexPtr index(raw_index);
    // The repository caches its index; pick up a `git add` made since it was opened.
    if (git_index_read(index.get(), 0) != 0) {
      return last_error("cannot read the git index", git_repository_path(handle));
    }
    if (git_diff_tree_to_index(&raw_diff, handle, tree->get(), index.get(), &diff_options) != 0) {
      return last_error("cannot compare the index with HEAD", git_repository_path(handle));
    }
  }
  DiffPtr diff(raw_diff);
  find_renames(diff.get(), result.issues);
  result.changed_paths = changed_paths(diff.get());
  result.base = result.head;
  std::vector<ChangedBlob> changed = changed_blobs(handle, diff.get(), options, result.issues);

  // A pre-commit change is a handful of files: read them on this thread.
  BlobPool pool(repo, options, visit, 0);
  if (auto started = pool.start(); !started) {
    return started.error();
  }
  for (ChangedBlob& blob : changed) {
    BlobJob job;
    job.oid = blob.oid;
    job.info.path = std::move(blob.path);
    job.info.added_lines = std::move(blob.added_lines);
    pool.push(std::move(job));
  }
  pool.finish(result);
  return result;
}

}  // namespace nts::git
