#include "git/tree_view.hpp"

#include <algorithm>
#include <mutex>
#include <numeric>

#include "git/pack_backend.hpp"
#include "git/raw_tree_walk.hpp"
#include "git/ref_tips.hpp"
#include "gitfmt/index_file.hpp"

namespace nts::git {
namespace {

bool is_regular_blob(std::uint32_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

// A snapshot's blobs are read through our pack reader, which refuses a delta
// chain that would build more than this on the way (libgit2's own would
// build it whole); its cache only needs a few bases.
constexpr std::size_t k_snapshot_cache_bytes = std::size_t{4} << 20;
constexpr std::size_t k_min_object_bytes = std::size_t{64} << 20;

core::Result<RepositoryPtr> open_snapshot_handle(const Repository& repo, std::size_t max_read) {
  return open_handle_reading_packs(repo, k_snapshot_cache_bytes,
                                   std::max(max_read, k_min_object_bytes));
}

// The size of a blob from its header (never inflated), or nullopt when unreadable.
std::optional<std::uint64_t> blob_size(git_repository* repo, const git_oid& oid) {
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo) != 0) {
    return std::nullopt;
  }
  OdbPtr odb(raw);
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, odb.get(), &oid) != 0) {
    return std::nullopt;
  }
  return size;
}

// Paths and blob ids of a snapshot, read on demand through a private handle.
class SnapshotView final : public core::RepoView {
 public:
  SnapshotView(RepositoryPtr repo, std::optional<std::string> remote,
               std::vector<std::pair<std::string, git_oid>> files, std::size_t max_read)
      : m_repo(std::move(repo)), m_remote(std::move(remote)), m_max_read(max_read) {
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

  std::optional<std::uint64_t> size(std::string_view path) const override {
    const git_oid* oid = find(path);
    if (oid == nullptr) {
      return std::nullopt;
    }
    std::lock_guard lock(m_mutex);
    return blob_size(m_repo.get(), *oid);
  }

  std::optional<std::string> read(std::string_view path) const override {
    const git_oid* oid = find(path);
    if (oid == nullptr) {
      return std::nullopt;
    }
    std::lock_guard lock(m_mutex);  // one libgit2 handle: one reader at a time
    auto size = blob_size(m_repo.get(), *oid);
    if (!size || *size > m_max_read) {
      return std::nullopt;  // size() tells the caller why
    }
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, m_repo.get(), oid) != 0) {
      return std::nullopt;
    }
    BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
  }

  std::optional<std::string> remote_url() const override { return m_remote; }

  std::optional<std::string> content_id(std::string_view path) const override {
    const git_oid* oid = find(path);
    return oid == nullptr ? std::nullopt : std::optional<std::string>(oid_hex(*oid));
  }

 private:
  const git_oid* find(std::string_view path) const {
    auto at = std::lower_bound(m_paths.begin(), m_paths.end(), path);
    if (at == m_paths.end() || *at != path) {
      return nullptr;
    }
    return &m_oids[static_cast<std::size_t>(at - m_paths.begin())];
  }

  RepositoryPtr m_repo;
  std::optional<std::string> m_remote;
  std::size_t m_max_read;
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

// The tree of the commit `revision` names, and that commit's id in `commit_id`.
core::Result<TreePtr> revision_tree(const Repository& repo, std::string_view revision,
                                    git_oid& commit_id) {
  ensure_initialised();
  auto resolved = resolve_commit(repo.get(), revision);
  if (!resolved) {
    return resolved.error();
  }
  commit_id = *resolved;
  return commit_tree(repo.get(), commit_id);
}

}  // namespace

namespace {

// Every regular file of the tree, with its blob, in the order the tree holds them.
core::Result<std::vector<std::pair<std::string, git_oid>>> list_tree(git_repository* repo,
                                                                     const git_oid& tree,
                                                                     const git_oid& commit_id) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) {
    return last_error("cannot open the object database");
  }
  OdbPtr odb(raw_odb);
  std::vector<std::pair<std::string, git_oid>> files;
  auto collect = [&files](const std::string& path, const gitfmt::RawTreeEntry& entry) {
    if (is_regular_blob(entry.mode)) {
      files.emplace_back(path, to_git(entry.id));
    }
  };
  if (!walk_tree_entries(odb.get(), tree, collect)) {
    core::Error error = last_error("cannot read every tree of commit " + oid_hex(commit_id));
    error.hint = "the repository may be corrupt: run `git fsck`";
    return error;
  }
  return files;
}

}  // namespace

core::Result<std::unique_ptr<core::RepoView>> tree_view(const Repository& repo,
                                                        std::string_view revision,
                                                        std::size_t max_read,
                                                        TreeListing* listing) {
  ensure_initialised();
  auto handle = open_snapshot_handle(repo, max_read);
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
  const git_oid& tree_id = *git_tree_id(tree->get());
  std::vector<std::pair<std::string, git_oid>> files;
  if (listing != nullptr && listing->tree == from_git(tree_id) &&
      listing->paths.size() == listing->blobs.size()) {
    files.reserve(listing->paths.size());
    for (std::size_t i = 0; i < listing->paths.size(); ++i) {
      files.emplace_back(listing->paths[i], to_git(listing->blobs[i]));
    }
  } else {
    auto listed = list_tree(handle->get(), tree_id, *commit_id);
    if (!listed) {
      return listed.error();
    }
    files = std::move(*listed);
    if (listing != nullptr) {
      std::sort(files.begin(), files.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      listing->tree = from_git(tree_id);
      listing->paths.clear();
      listing->blobs.clear();
      for (const auto& [path, blob] : files) {
        listing->paths.push_back(path);
        listing->blobs.push_back(from_git(blob));
      }
    }
  }
  return std::unique_ptr<core::RepoView>(
      new SnapshotView(std::move(*handle), repo.remote_url(), std::move(files), max_read));
}

core::Result<std::optional<std::string>> read_file_at(const Repository& repo,
                                                      std::string_view revision,
                                                      const std::string& path,
                                                      std::size_t max_read) {
  git_oid commit_id{};
  auto tree = revision_tree(repo, revision, commit_id);
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
  auto size = blob_size(repo.get(), *git_tree_entry_id(entry.get()));
  if (size && *size > max_read) {
    core::Error error;
    error.message = path + " in commit " + oid_hex(commit_id) + " is " + std::to_string(*size) +
                    " bytes, over the limit of " + std::to_string(max_read) + " bytes";
    error.hint = "configuration files are small; check what the commit put there";
    return error;
  }
  auto handle = open_snapshot_handle(repo, max_read);  // a delta bomb is refused, not built
  if (!handle) {
    return handle.error();
  }
  git_blob* raw_blob = nullptr;
  if (git_blob_lookup(&raw_blob, handle->get(), git_tree_entry_id(entry.get())) != 0) {
    return last_error("cannot read " + path + " in commit " + oid_hex(commit_id));
  }
  BlobPtr blob(raw_blob);
  return std::optional<std::string>(
      std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                  static_cast<std::size_t>(git_blob_rawsize(blob.get()))));
}

core::Result<std::vector<std::string>> list_files_at(const Repository& repo,
                                                     std::string_view revision,
                                                     const std::string& dir) {
  git_oid commit_id{};
  auto tree = revision_tree(repo, revision, commit_id);
  if (!tree) {
    return tree.error();
  }
  TreePtr subtree;
  const git_tree* start = tree->get();
  std::string prefix = dir;
  if (!prefix.empty() && prefix.back() != '/') {
    prefix += '/';
  }
  if (!prefix.empty()) {
    git_tree_entry* raw_entry = nullptr;
    std::string lookup = prefix.substr(0, prefix.size() - 1);
    if (git_tree_entry_bypath(&raw_entry, tree->get(), lookup.c_str()) != 0) {
      return std::vector<std::string>();  // no such directory in this commit
    }
    TreeEntryPtr entry(raw_entry);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
      return std::vector<std::string>();
    }
    git_tree* raw_tree = nullptr;
    if (git_tree_lookup(&raw_tree, repo.get(), git_tree_entry_id(entry.get())) != 0) {
      return last_error("cannot read " + lookup + " in commit " + oid_hex(commit_id));
    }
    subtree.reset(raw_tree);
    start = subtree.get();
  }
  struct Walk {
    std::string prefix;
    std::vector<std::string> files;
  } walk{prefix, {}};
  auto collect = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    auto* state = static_cast<Walk*>(payload);
    if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB &&
        is_regular_blob(static_cast<std::uint32_t>(git_tree_entry_filemode(entry)))) {
      state->files.push_back(state->prefix + root + git_tree_entry_name(entry));
    }
    return 0;
  };
  if (git_tree_walk(start, GIT_TREEWALK_PRE, collect, &walk) != 0) {
    return last_error("cannot read every tree of commit " + oid_hex(commit_id));
  }
  std::sort(walk.files.begin(), walk.files.end());
  return walk.files;
}

core::Result<std::unique_ptr<core::RepoView>> index_view(const Repository& repo) {
  ensure_initialised();
  auto handle = open_snapshot_handle(repo, k_snapshot_max_read);
  if (!handle) {
    return handle.error();
  }
  std::vector<std::pair<std::string, git_oid>> files;
  // Our own reader first: libgit2 building its index of a 100,000-file
  // repository costs more than the rest of a pre-commit scan together.
  auto own = gitfmt::IndexFile::load(std::string(git_repository_path(handle->get())) + "index");
  auto entries = own ? own->read_entries(0, own->size()) : std::nullopt;
  if (entries) {
    files.reserve(entries->size());
    for (gitfmt::IndexEntry& entry : *entries) {
      if (is_regular_blob(entry.mode)) {
        files.emplace_back(std::move(entry.path), to_git(entry.oid));
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
  return std::unique_ptr<core::RepoView>(new SnapshotView(std::move(*handle), repo.remote_url(),
                                                          std::move(files), k_snapshot_max_read));
}

}  // namespace nts::git
