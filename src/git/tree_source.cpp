#include "git/blob_pool.hpp"
#include "git/blob_source.hpp"
#include "git/pack_backend.hpp"

namespace nts::git {
namespace {

// Bases of the blobs' delta chains, per reading thread (see history_source.cpp).
constexpr std::size_t k_blob_reader_cache_bytes = std::size_t{8} << 20;

struct TreeWalk {
  BlobPool& pool;
  const SourceOptions& options;
  std::vector<core::ScanIssue>& issues;
};

// git_tree_walk's callback: each regular file becomes a blob to scan under its
// own path; symlinks (the link text) and submodules are not followed.
int visit_entry(const char* root, const git_tree_entry* entry, void* payload) {
  auto& walk = *static_cast<TreeWalk*>(payload);
  if (walk.options.stop && walk.options.stop()) {
    return -1;  // a time budget ran out: the caller knows
  }
  std::string path = std::string(root) + git_tree_entry_name(entry);
  switch (git_tree_entry_filemode(entry)) {
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE: {
      BlobJob job;
      job.oid = *git_tree_entry_id(entry);
      job.info.path = std::move(path);
      job.info.at_head = true;
      walk.pool.push(std::move(job));
      break;
    }
    case GIT_FILEMODE_COMMIT:
      walk.issues.push_back({core::ScanIssue::Kind::note, path, 0,
                             "submodule skipped; scan its repository separately"});
      break;
    default:
      break;
  }
  return 0;
}

}  // namespace

core::Result<SourceResult> scan_tree(const Repository& repo, std::string_view revision,
                                     const SourceOptions& options, const BlobVisitor& visit) {
  ensure_initialised();
  SourceResult result;
  std::string spec = std::string(revision) + "^{commit}";
  git_object* raw_commit = nullptr;
  if (git_revparse_single(&raw_commit, repo.get(), spec.c_str()) != 0) {
    return last_error("cannot resolve '" + std::string(revision) + "'",
                      git_repository_path(repo.get()));
  }
  ObjectPtr commit(raw_commit);
  result.head = oid_hex(*git_object_id(commit.get()));
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, reinterpret_cast<git_commit*>(commit.get())) != 0) {
    core::Error error =
        last_error("cannot read the tree of " + *result.head, git_repository_path(repo.get()));
    error.hint = "the repository may be corrupt: run `git fsck`";
    return error;
  }
  TreePtr tree(raw_tree);
  BlobPool pool(repo, options, visit, options.jobs == 0 ? 1 : options.jobs);
  if (auto packs = open_repository_packs(repo.get())) {
    pool.read_packs_with(packs, k_blob_reader_cache_bytes, max_object_bytes(options));
  }
  if (auto started = pool.start(); !started) {
    return started.error();
  }
  TreeWalk walk{pool, options, result.issues};
  int walked = git_tree_walk(tree.get(), GIT_TREEWALK_PRE, visit_entry, &walk);
  if (walked != 0 && !(options.stop && options.stop())) {
    result.issues.push_back({core::ScanIssue::Kind::error, ".", 0,
                             last_error("cannot read the tree of " + *result.head).message +
                                 "; the files below it were not scanned: the object is missing "
                                 "or corrupt, run `git fsck` or clone the repository again"});
  }
  pool.finish(result);
  result.commits = 1;
  return result;
}

}  // namespace nts::git
