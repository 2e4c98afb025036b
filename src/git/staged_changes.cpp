#include "git/staged_changes.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "git/oid_set.hpp"
#include "git/repository.hpp"
#include "gitfmt/index_file.hpp"

namespace nts::git {
namespace {

class Comparer {
 public:
  Comparer(git_repository* repo, const gitfmt::IndexFile& index, git_index* head_side,
           git_index* index_side)
      : m_repo(repo), m_index(index), m_head_side(head_side), m_index_side(index_side) {}

  // Compares the index directory `dir` with `tree` (null: not in HEAD) and
  // its cache-tree node `cached`. Only the entries directly in a directory
  // that differs are read; subdirectories whose cache-tree id equals HEAD's
  // are passed over without reading either side.
  bool compare(const git_tree* tree, const gitfmt::CacheTree* cached, std::uint32_t dir) {
    if (tree != nullptr && cached != nullptr && cached->valid &&
        cached->oid == from_git(*git_tree_id(tree))) {
      return true;  // the whole directory is as in HEAD
    }
    const gitfmt::IndexDirectory& node = m_index.directories()[dir];
    std::vector<std::string> seen;
    std::uint32_t next = node.begin;  // first entry not yet compared
    for (std::uint32_t child : node.children) {
      const gitfmt::IndexDirectory& sub = m_index.directories()[child];
      if (!compare_files(tree, node.path, next, sub.begin, seen)) {
        return false;
      }
      next = sub.end;
      std::string name = sub.path.substr(node.path.size(), sub.path.size() - node.path.size() - 1);
      const git_tree_entry* before =
          tree != nullptr ? git_tree_entry_byname(tree, name.c_str()) : nullptr;
      const gitfmt::CacheTree* cached_child = cached != nullptr ? cached->child(name) : nullptr;
      seen.push_back(std::move(name));
      bool head_has_tree = before != nullptr && git_tree_entry_type(before) == GIT_OBJECT_TREE;
      if (head_has_tree && cached_child != nullptr && cached_child->valid &&
          cached_child->oid == from_git(*git_tree_entry_id(before))) {
        continue;  // unchanged directory: decided without reading its tree
      }
      TreePtr subtree;
      if (head_has_tree) {
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, m_repo, git_tree_entry_id(before)) != 0) {
          return false;
        }
        subtree.reset(raw);
      }
      if (!compare(subtree.get(), cached_child, child)) {
        return false;
      }
    }
    if (!compare_files(tree, node.path, next, node.end, seen)) {
      return false;
    }
    if (tree == nullptr) {
      return true;
    }
    // What HEAD has here and the index no longer does: deletions, which
    // rename detection pairs with additions.
    std::sort(seen.begin(), seen.end());
    std::size_t count = git_tree_entrycount(tree);
    for (std::size_t k = 0; k < count; ++k) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, k);
      std::string name = git_tree_entry_name(entry);
      if (std::binary_search(seen.begin(), seen.end(), name)) {
        continue;
      }
      if (!add_deleted(entry, node.path + name)) {
        return false;
      }
    }
    return true;
  }

 private:
  // Index entries [begin, end), files directly in the directory `prefix`.
  bool compare_files(const git_tree* tree, const std::string& prefix, std::uint32_t begin,
                     std::uint32_t end, std::vector<std::string>& seen) {
    if (begin >= end) {
      return true;
    }
    auto entries = m_index.read_entries(begin, end);
    if (!entries) {
      return false;
    }
    for (const gitfmt::IndexEntry& now : *entries) {
      seen.push_back(now.path.substr(prefix.size()));
      const git_tree_entry* before =
          tree != nullptr ? git_tree_entry_byname(tree, seen.back().c_str()) : nullptr;
      bool same = before != nullptr && git_tree_entry_type(before) != GIT_OBJECT_TREE &&
                  from_git(*git_tree_entry_id(before)) == now.oid &&
                  static_cast<std::uint32_t>(git_tree_entry_filemode(before)) == now.mode;
      if (same) {
        continue;
      }
      if (!add(m_index_side, now.path, to_git(now.oid), now.mode)) {
        return false;
      }
      if (before != nullptr && git_tree_entry_type(before) != GIT_OBJECT_TREE &&
          !add(m_head_side, now.path, *git_tree_entry_id(before),
               static_cast<std::uint32_t>(git_tree_entry_filemode(before)))) {
        return false;
      }
    }
    return true;
  }

  bool add(git_index* index, std::string_view path, const git_oid& oid, std::uint32_t mode) {
    std::string owned(path);
    git_index_entry entry{};
    entry.path = owned.c_str();
    entry.id = oid;
    entry.mode = mode;
    return git_index_add(index, &entry) == 0;
  }

  bool add_deleted(const git_tree_entry* entry, const std::string& path) {
    if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
      return add(m_head_side, path, *git_tree_entry_id(entry),
                 static_cast<std::uint32_t>(git_tree_entry_filemode(entry)));
    }
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, m_repo, git_tree_entry_id(entry)) != 0) {
      return false;
    }
    TreePtr tree(raw);
    std::size_t count = git_tree_entrycount(tree.get());
    for (std::size_t k = 0; k < count; ++k) {
      const git_tree_entry* child = git_tree_entry_byindex(tree.get(), k);
      if (!add_deleted(child, path + "/" + git_tree_entry_name(child))) {
        return false;
      }
    }
    return true;
  }

  git_repository* m_repo;
  const gitfmt::IndexFile& m_index;
  git_index* m_head_side;
  git_index* m_index_side;
};

}  // namespace

std::optional<StagedIndexes> staged_indexes_from_cache_tree(git_repository* repo,
                                                            const git_tree* head) {
  if (head == nullptr) {
    return std::nullopt;
  }
  std::optional<gitfmt::IndexFile> index =
      gitfmt::IndexFile::load(std::string(git_repository_path(repo)) + "index");

  if (!index) {
    return std::nullopt;
  }
  git_index* raw_head = nullptr;
  git_index* raw_index = nullptr;
  if (git_index_new(&raw_head) != 0) {
    return std::nullopt;
  }
  IndexPtr head_side(raw_head);
  if (git_index_new(&raw_index) != 0) {
    return std::nullopt;
  }
  IndexPtr index_side(raw_index);
  Comparer comparer(repo, *index, head_side.get(), index_side.get());
  if (!comparer.compare(head, &index->cache_tree(), 0)) {
    return std::nullopt;
  }
  return StagedIndexes{std::move(head_side), std::move(index_side)};
}

core::Result<std::set<std::string>> staged_paths(const Repository& repository) {
  git_repository* repo = repository.get();
  TreePtr head;
  git_object* head_raw = nullptr;
  int rc = git_revparse_single(&head_raw, repo, "HEAD^{tree}");
  if (rc == 0) {
    head.reset(reinterpret_cast<git_tree*>(head_raw));
  } else if (rc != GIT_ENOTFOUND && rc != GIT_EUNBORNBRANCH) {
    return last_error("cannot read HEAD");
  }
  git_index* index_raw = nullptr;
  if (git_repository_index(&index_raw, repo) != 0) {
    return last_error("cannot read the index");
  }
  IndexPtr index(index_raw);
  git_diff* diff_raw = nullptr;
  if (git_diff_tree_to_index(&diff_raw, repo, head.get(), index.get(), nullptr) != 0) {
    return last_error("cannot compare the index with HEAD");
  }
  DiffPtr diff(diff_raw);
  std::set<std::string> paths;
  for (std::size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    paths.insert(delta->new_file.path);
    paths.insert(delta->old_file.path);
  }
  return paths;
}

}  // namespace nts::git
