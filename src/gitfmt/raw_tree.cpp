#include "gitfmt/raw_tree.hpp"

#include <algorithm>
#include <cstring>

namespace nts::gitfmt {
namespace {

constexpr std::uint32_t k_mode_type_mask = 0170000;
constexpr std::uint32_t k_mode_tree = 0040000;
constexpr std::uint32_t k_mode_submodule = 0160000;

unsigned char char_after_name(const RawTreeEntry& entry, std::size_t at) {
  if (at < entry.name.size()) {
    return static_cast<unsigned char>(entry.name[at]);
  }
  return (entry.mode & k_mode_type_mask) == k_mode_tree ? '/' : '\0';
}

}  // namespace

ObjectType RawTreeEntry::type() const {
  switch (mode & k_mode_type_mask) {
    case k_mode_tree:
      return ObjectType::tree;
    case k_mode_submodule:
      return ObjectType::commit;
    default:
      return ObjectType::blob;
  }
}

bool RawTreeReader::next(RawTreeEntry& entry) {
  if (m_rest.empty() || m_malformed) {
    return false;
  }
  std::size_t space = m_rest.find(' ');
  std::size_t nul = space == std::string_view::npos ? space : m_rest.find('\0', space + 1);
  if (space == 0 || space > 7 || nul == std::string_view::npos || nul == space + 1 ||
      m_rest.size() - nul - 1 < k_oid_size) {
    m_malformed = true;
    return false;
  }
  entry.mode = 0;
  for (char digit : m_rest.substr(0, space)) {
    if (digit < '0' || digit > '7') {
      m_malformed = true;
      return false;
    }
    entry.mode = entry.mode * 8 + static_cast<std::uint32_t>(digit - '0');
  }
  entry.name = m_rest.substr(space + 1, nul - space - 1);
  std::memcpy(entry.id.id, m_rest.data() + nul + 1, k_oid_size);
  m_rest.remove_prefix(nul + 1 + k_oid_size);
  return true;
}

int compare_tree_entries(const RawTreeEntry& a, const RawTreeEntry& b) {
  std::size_t common = std::min(a.name.size(), b.name.size());
  if (int order = std::memcmp(a.name.data(), b.name.data(), common); order != 0) {
    return order;
  }
  return int{char_after_name(a, common)} - int{char_after_name(b, common)};
}

bool ChangedTreeEntries::next(RawTreeEntry& entry, const RawTreeEntry*& parent) {
  while (m_entries.next(entry)) {
    int order = 1;
    while (m_have_before && (order = compare_tree_entries(m_before, entry)) < 0) {
      m_have_before = m_parent_entries.next(m_before);
    }
    parent = m_have_before && order == 0 ? &m_before : nullptr;
    if (parent == nullptr || parent->id != entry.id || parent->type() != entry.type()) {
      return true;
    }
  }
  return false;
}

}  // namespace nts::gitfmt
