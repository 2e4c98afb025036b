#include "git/tree_view.hpp"

#include <algorithm>
#include <mutex>
#include <numeric>

#include "git/index_file.hpp"
#include "git/ref_tips.hpp"

namespace nts::git {
namespace {

bool is_regular_blob(std::uint32_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

// Paths and blob ids of a snapshot, read on demand through a private handle.
class SnapshotView final : public core::RepoView {
 public:
  SnapshotView(RepositoryPtr repo, std::optional<std::string> remote,
               std::vector<std::pair<std::string, git_oid>> files)
      : m_repo(std::move(repo)), m_remote(std::move(remote)) {
    auto by_path = [](const auto& a, const auto& b) { return a.first < b.first; };
    if (!std::is_sorted(files.begin(), files.end(), by_path)) {  // the index already is
      std::sort(files.begin(), files.end(), by_path);
    }
    for (auto& [path, oid] : files) {
      m_paths.push_back(std::move(path));
      m_oids.push_back(oid);
    }
  }

  const std::vector<std::string>& paths() const override { return m_paths; }

  std::optional<std::string> read(std::string_view path) const override {
    auto at = std::lower_bound(m_paths.begin(), m_paths.end(), path);
    if (at == m_paths.end() || *at != path) {
      return std::nullopt;
    }
    const git_oid& oid = m_oids[static_cast<std::size_t>(at - m_paths.begin())];
    std::lock_guard lock(m_mutex);  // one libgit2 handle: one reader at a time
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, m_repo.get(), &oid) != 0) {
      return std::nullopt;
    }
    BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
  }

  std::optional<std::string> remote_url() const override { return m_remote; }

 private:
  RepositoryPtr m_repo;
  std::optional<std::string> m_remote;
  std::vector<std::string> m_paths;
  std::vector<git_oid> m_oids;
  mutable std::mutex m_mutex;
};

core::Result<TreePtr> commit_tree(git_repository* repo, const git_oid& commit_id) {
  git_commit* raw_commit = nullptr;
  git_tree* raw_tree = nullptr;
  if (git_commit_lookup(&raw_commit, repo, &commit_id) != 0) {
    return last_error("cannot read commit " + oid_hex(commit_id));
  }
  CommitPtr commit(raw_commit);
  if (git_commit_tree(&raw_tree, commit.get()) != 0) {
    return last_error("cannot read the tree of commit " + oid_hex(commit_id));
  }
  return TreePtr(raw_tree);
}

}  // namespace

core::Result<std::unique_ptr<core::RepoView>> tree_view(const Repository& repo,
                                                        std::string_view revision) {
  ensure_initialised();
  auto handle = open_private_handle(repo);
  if (!handle) {
    return handle.error();
  }
  auto commit_id = resolve_commit(handle->get(), revision);
  if (!commit_id) {
    return commit_id.error();
  }
  auto tree = commit_tree(handle->get(), *commit_id);
  if (!tree) {
    return tree.error();
  }
  std::vector<std::pair<std::string, git_oid>> files;
  auto collect = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB &&
        is_regular_blob(static_cast<std::uint32_t>(git_tree_entry_filemode(entry)))) {
      static_cast<std::vector<std::pair<std::string, git_oid>>*>(payload)->emplace_back(
          std::string(root) + git_tree_entry_name(entry), *git_tree_entry_id(entry));
    }
    return 0;
  };
  if (git_tree_walk(tree->get(), GIT_TREEWALK_PRE, collect, &files) != 0) {
    core::Error error = last_error("cannot read every tree of commit " + oid_hex(*commit_id));
    error.hint = "the repository may be corrupt: run `git fsck`";
    return error;
  }
  return std::unique_ptr<core::RepoView>(
      new SnapshotView(std::move(*handle), repo.remote_url(), std::move(files)));
}

core::Result<std::optional<std::string>> read_file_at(const Repository& repo,
                                                      std::string_view revision,
                                                      const std::string& path) {
  ensure_initialised();
  auto commit_id = resolve_commit(repo.get(), revision);
  if (!commit_id) {
    return commit_id.error();
  }
  auto tree = commit_tree(repo.get(), *commit_id);
  if (!tree) {
    return tree.error();
  }
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, tree->get(), path.c_str()) != 0) {
    return std::optional<std::string>();  // not in this commit
  }
  TreeEntryPtr entry(raw_entry);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB ||
      !is_regular_blob(static_cast<std::uint32_t>(git_tree_entry_filemode(entry.get())))) {
    return std::optional<std::string>();  // a directory, symlink or submodule of that name
  }
  git_blob* raw_blob = nullptr;
  if (git_blob_lookup(&raw_blob, repo.get(), git_tree_entry_id(entry.get())) != 0) {
    return last_error("cannot read " + path + " in commit " + oid_hex(*commit_id));
  }
  BlobPtr blob(raw_blob);
  return std::optional<std::string>(
      std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                  static_cast<std::size_t>(git_blob_rawsize(blob.get()))));
}

core::Result<std::unique_ptr<core::RepoView>> index_view(const Repository& repo) {
  ensure_initialised();
  auto handle = open_private_handle(repo);
  if (!handle) {
    return handle.error();
  }
  std::vector<std::pair<std::string, git_oid>> files;
  // Our own reader first: libgit2 building its index of a 100,000-file
  // repository costs more than the rest of a pre-commit scan together.
  auto own = IndexFile::load(std::string(git_repository_path(handle->get())) + "index");
  auto entries = own ? own->read_entries(0, own->size()) : std::nullopt;
  if (entries) {
    files.reserve(entries->size());
    for (IndexEntry& entry : *entries) {
      if (is_regular_blob(entry.mode)) {
        files.emplace_back(std::move(entry.path), entry.oid);
      }
    }
  } else {
    git_index* raw_index = nullptr;
    if (git_repository_index(&raw_index, handle->get()) != 0) {
      return last_error("cannot read the git index", git_repository_path(repo.get()));
    }
    IndexPtr index(raw_index);
    std::size_t count = git_index_entrycount(index.get());
    for (std::size_t i = 0; i < count; ++i) {
      const git_index_entry* entry = git_index_get_byindex(index.get(), i);
      if (entry != nullptr && git_index_entry_stage(entry) == 0 && is_regular_blob(entry->mode)) {
        files.emplace_back(entry->path, entry->id);
      }
    }
  }
  return std::unique_ptr<core::RepoView>(
      new SnapshotView(std::move(*handle), repo.remote_url(), std::move(files)));
}

}  // namespace nts::git
