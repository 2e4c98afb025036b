#pragma once

#include <cstdint>
#include <string_view>

#include "gitfmt/object_id.hpp"

namespace nts::gitfmt {

// One entry of a tree object as git stores it: "<octal mode> <name>\0<20-byte id>".
struct RawTreeEntry {
  std::uint32_t mode = 0;
  std::string_view name;
  ObjectId id{};

  ObjectType type() const;
  bool is_symlink() const { return (mode & 0170000) == 0120000; }
};

// Reads a tree object's entries straight from its bytes, without the
// per-tree allocations of git_tree_lookup: the history walk reads every
// version of every directory, and diffs each against its previous version.
class RawTreeReader {
 public:
  explicit RawTreeReader(std::string_view bytes) : m_rest(bytes) {}
  // False at the end, or at an entry that does not parse (then malformed()).
  bool next(RawTreeEntry& entry);
  bool malformed() const { return m_malformed; }

 private:
  std::string_view m_rest;
  bool m_malformed = false;
};

// git's tree order: by name, a directory's name compared as if it ended in
// '/'. Two trees' entries can then be merged in one pass; 0 means the same
// name and the same kind (directory or not).
int compare_tree_entries(const RawTreeEntry& a, const RawTreeEntry& b);

// The entries of a tree that differ from its parent's version: one merge
// pass over both (sorted the same way). `parent` points at the parent's entry
// of the same name and kind (directory or not), or is null; an entry with the
// same id and type as that one is unchanged and skipped.
class ChangedTreeEntries {
 public:
  ChangedTreeEntries(std::string_view tree, std::string_view parent_tree)
      : m_entries(tree), m_parent_entries(parent_tree) {
    m_have_before = m_parent_entries.next(m_before);
  }
  bool next(RawTreeEntry& entry, const RawTreeEntry*& parent);
  // The tree, or the parent's tree, has an entry that does not parse.
  bool malformed() const { return m_entries.malformed(); }
  bool parent_malformed() const { return m_parent_entries.malformed(); }

 private:
  RawTreeReader m_entries, m_parent_entries;
  RawTreeEntry m_before;
  bool m_have_before = false;
};

}  // namespace nts::gitfmt
