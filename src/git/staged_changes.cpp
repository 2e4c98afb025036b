#include "git/staged_changes.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "git/index_file.hpp"
#include "git/oid_set.hpp"

namespace nts::git {
namespace {

class Comparer {
 public:
  Comparer(git_repository* repo, const IndexFile& index, git_index* head_side,
           git_index* index_side)
      : m_repo(repo), m_index(index), m_head_side(head_side), m_index_side(index_side) {}

  // Compares index entries [begin, end), all below `prefix`, with `tree`
  // (null: the directory is not in HEAD) and the cache-tree node `cached`.
  bool compare(const git_tree* tree, const CacheTree* cached, std::string& prefix,
               std::size_t begin, std::size_t end) {
    if (tree != nullptr && cached != nullptr && cached->valid &&
        OidEqual{}(cached->oid, *git_tree_id(tree))) {
      return true;  // the whole directory is as in HEAD
    }
    std::vector<std::string> seen;
    std::size_t i = begin;
    while (i < end) {
      std::string_view rest = m_index.path(i).substr(prefix.size());
      std::size_t slash = rest.find('/');
      if (slash == std::string_view::npos) {
        seen.emplace_back(rest);
        const git_tree_entry* before =
            tree != nullptr ? git_tree_entry_byname(tree, seen.back().c_str()) : nullptr;
        const IndexEntry now = m_index.entry(i);
        bool same = before != nullptr && git_tree_entry_type(before) != GIT_OBJECT_TREE &&
                    OidEqual{}(*git_tree_entry_id(before), now.oid) &&
                    static_cast<std::uint32_t>(git_tree_entry_filemode(before)) == now.mode;
        if (!same) {
          if (!add(m_index_side, now.path, now.oid, now.mode)) {
            return false;
          }
          if (before != nullptr && git_tree_entry_type(before) != GIT_OBJECT_TREE &&
              !add(m_head_side, now.path, *git_tree_entry_id(before),
                   static_cast<std::uint32_t>(git_tree_entry_filemode(before)))) {
            return false;
          }
        }
        ++i;
        continue;
      }
      seen.emplace_back(rest.substr(0, slash));
      std::string dir_prefix = prefix + seen.back() + "/";
      // Paths below dir/ are contiguous and sort before "dir0" ('0' follows '/').
      std::string after = prefix + seen.back() + "0";
      std::size_t j = lower_bound(i, end, after);
      const git_tree_entry* before =
          tree != nullptr ? git_tree_entry_byname(tree, seen.back().c_str()) : nullptr;
      const CacheTree* child = cached != nullptr ? cached->child(seen.back()) : nullptr;
      bool head_has_tree = before != nullptr && git_tree_entry_type(before) == GIT_OBJECT_TREE;
      if (head_has_tree && child != nullptr && child->valid &&
          OidEqual{}(child->oid, *git_tree_entry_id(before))) {
        i = j;  // unchanged directory: decided without reading its tree
        continue;
      }
      TreePtr subtree;
      if (head_has_tree) {
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, m_repo, git_tree_entry_id(before)) != 0) {
          return false;
        }
        subtree.reset(raw);
      }
      if (!compare(subtree.get(), child, dir_prefix, i, j)) {
        return false;
      }
      i = j;
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
      if (!add_deleted(entry, prefix + name)) {
        return false;
      }
    }
    return true;
  }

 private:
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

  // The first entry in [begin, end) whose path is not below `key`.
  std::size_t lower_bound(std::size_t begin, std::size_t end, std::string_view key) const {
    while (begin < end) {
      std::size_t middle = begin + (end - begin) / 2;
      if (m_index.path(middle) < key) {
        begin = middle + 1;
      } else {
        end = middle;
      }
    }
    return begin;
  }

  git_repository* m_repo;
  const IndexFile& m_index;
  git_index* m_head_side;
  git_index* m_index_side;
};

}  // namespace

std::optional<StagedIndexes> staged_indexes_from_cache_tree(git_repository* repo,
                                                            const git_tree* head) {
  if (head == nullptr) {
    return std::nullopt;
  }
  std::optional<IndexFile> index =
      IndexFile::load(std::string(git_repository_path(repo)) + "index");
  
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
  std::string prefix;
  if (!comparer.compare(head, &index->cache_tree(), prefix, 0, index->size())) {
    return std::nullopt;
  }
  return StagedIndexes{std::move(head_side), std::move(index_side)};
  
}

}  // namespace nts::git
