#pragma once

#include <git2.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::git {

// One stage-0 entry of the index, its path pointing into the mapped file.
struct IndexEntry {
  std::string_view path;
  git_oid oid;
  std::uint32_t mode = 0;
};

// A node of the index's cache-tree ("TREE" extension): the tree id a
// directory of the index would be written as, when git still knows it.
struct CacheTree {
  std::string_view name;
  bool valid = false;
  git_oid oid{};
  std::vector<CacheTree> children;
  const CacheTree* child(std::string_view child_name) const;
};

// A read-only view of `.git/index` as git writes it, parsed directly: the
// pre-commit path must not pay for libgit2 building its in-memory index of a
// 100,000-file repository (about 100 ms) when the cache-tree already tells
// which directories are unchanged. Only what that needs is supported.
class IndexFile {
 public:
  // nullopt when the index is missing, in a layout this reader does not
  // handle (version 4, split or sparse index, no cache-tree) or has
  // unmerged entries: the caller then asks libgit2.
  static std::optional<IndexFile> load(const std::string& path);
  IndexFile(IndexFile&& other) noexcept;
  IndexFile& operator=(IndexFile&&) = delete;
  IndexFile(const IndexFile&) = delete;
  ~IndexFile();

  // Stage-0 entries, sorted by path; decoded on demand, so loading costs one
  // offset per entry rather than a copy of each.
  std::size_t size() const { return m_offsets.size(); }
  std::string_view path(std::size_t i) const;
  IndexEntry entry(std::size_t i) const;
  const CacheTree& cache_tree() const { return m_root; }

 private:
  IndexFile() = default;
  const char* m_data = nullptr;
  std::size_t m_size = 0;
  std::vector<std::uint32_t> m_offsets;       // of each entry in the file
  std::vector<std::uint16_t> m_name_offsets;  // 62, or 64 with extended flags
  CacheTree m_root;
};

}  // namespace nts::git
