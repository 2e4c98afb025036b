#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitfmt/object_id.hpp"

namespace nts::gitfmt {

// One stage-0 entry of the index.
struct IndexEntry {
  std::string path;
  ObjectId oid;
  std::uint32_t mode = 0;
};

// A node of the index's cache-tree ("TREE" extension): the tree id a
// directory of the index would be written as, when git still knows it.
struct CacheTree {
  std::string_view name;
  bool valid = false;
  ObjectId oid{};
  std::vector<CacheTree> children;
  const CacheTree* child(std::string_view child_name) const;
};

// A directory of the index: the entries below it are [begin, end), and its
// subdirectories are `children` (indices in IndexFile::directories()).
struct IndexDirectory {
  std::string path;  // with a trailing '/'; "" for the root
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::vector<std::uint32_t> children;
};

// A read-only view of `.git/index` as git writes it, parsed directly: the
// pre-commit path must not pay for libgit2 building its in-memory index of a
// 100,000-file repository (about 100 ms) when the cache-tree already tells
// which directories are unchanged. The file is read once, in order, through a
// small buffer, keeping where each entry is and which directories hold which
// entries; entries themselves are read again only where asked. (Mapping the
// whole file costs a page-table entry per 4 KiB, which is dearer than the copy
// on virtual machines.) Only what that needs is supported.
class IndexFile {
 public:
  // nullopt when the index is missing, in a layout this reader does not
  // handle (version 4, split or sparse index, no cache-tree) or has
  // unmerged entries: the caller then asks libgit2.
  static std::optional<IndexFile> load(const std::string& path);
  // The same over bytes in memory, which must outlive the IndexFile.
  static std::optional<IndexFile> parse(std::string_view bytes);
  IndexFile(IndexFile&& other) noexcept;
  IndexFile& operator=(IndexFile&&) = delete;
  IndexFile(const IndexFile&) = delete;
  ~IndexFile();

  // Stage-0 entries (intent-to-add ones left out), sorted by path.
  std::size_t size() const { return m_entries.size(); }
  // Entries [begin, end), read from the file in one call; nullopt if the
  // file cannot be read any more.
  std::optional<std::vector<IndexEntry>> read_entries(std::size_t begin, std::size_t end) const;
  // Every directory that holds an entry; [0] is the root.
  const std::vector<IndexDirectory>& directories() const { return m_directories; }
  const CacheTree& cache_tree() const { return m_root; }

 private:
  struct Place {
    std::uint32_t offset;  // in the file
    std::uint16_t length;  // of the entry, padding included
    std::uint16_t header;  // bytes before the path: 62, or 64 with extended flags
  };
  class Bytes;
  class FileBytes;
  class MemoryBytes;
  class Reader;
  IndexFile() = default;
  static std::optional<IndexFile> read(std::unique_ptr<const Bytes> bytes);
  std::unique_ptr<const Bytes> m_bytes;
  std::vector<Place> m_entries;
  std::vector<IndexDirectory> m_directories;
  // The cache-tree's bytes, which m_root's names point into (a vector keeps
  // its buffer when moved; a short string would not).
  std::vector<char> m_tree_extension;
  CacheTree m_root;
};

}  // namespace nts::gitfmt
