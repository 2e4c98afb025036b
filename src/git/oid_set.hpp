#pragma once

#include <git2.h>

#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace nts::git {

// Object ids are already uniformly random: their first bytes are a good hash.
struct OidHash {
  std::size_t operator()(const git_oid& oid) const {
    std::size_t out;
    std::memcpy(&out, oid.id, sizeof(out));
    return out;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const {
    return std::memcmp(a.id, b.id, sizeof(a.id)) == 0;
  }
};

template <typename T>
using OidMap = std::unordered_map<git_oid, T, OidHash, OidEqual>;

// A set of object ids in one flat array (open addressing, linear probing):
// 20 bytes an id instead of a heap node each, and one cache miss a lookup.
// The history walk keeps every blob and tree id it has seen here, and
// nothing else grows with the history.
class OidSet {
 public:
  // True when `oid` was not in the set.
  bool insert(const git_oid& oid) {
    if (is_zero(oid)) {
      bool added = !m_has_zero;
      m_has_zero = true;
      return added;
    }
    if ((m_size + 1) * 10 > m_slots.size() * 7) {
      grow();
    }
    return place(oid);
  }
  bool contains(const git_oid& oid) const {
    if (is_zero(oid)) {
      return m_has_zero;
    }
    if (m_slots.empty()) {
      return false;
    }
    for (std::size_t i = slot_of(oid);; i = (i + 1) & m_mask) {
      if (is_zero(m_slots[i])) {
        return false;
      }
      if (OidEqual{}(m_slots[i], oid)) {
        return true;
      }
    }
  }
  std::size_t count(const git_oid& oid) const { return contains(oid) ? 1 : 0; }
  template <typename Visit>
  void for_each(Visit&& visit) const {
    if (m_has_zero) {
      visit(git_oid{});
    }
    for (const git_oid& oid : m_slots) {
      if (!is_zero(oid)) {
        visit(oid);
      }
    }
  }
  std::size_t size() const { return m_size + (m_has_zero ? 1 : 0); }
  bool empty() const { return size() == 0; }

 private:
  static bool is_zero(const git_oid& oid) {
    static const git_oid k_zero{};
    return OidEqual{}(oid, k_zero);
  }
  std::size_t slot_of(const git_oid& oid) const { return OidHash{}(oid)&m_mask; }
  bool place(const git_oid& oid) {
    for (std::size_t i = slot_of(oid);; i = (i + 1) & m_mask) {
      if (is_zero(m_slots[i])) {
        m_slots[i] = oid;
        ++m_size;
        return true;
      }
      if (OidEqual{}(m_slots[i], oid)) {
        return false;
      }
    }
  }
  void grow() {
    std::vector<git_oid> old = std::move(m_slots);
    std::size_t capacity = old.empty() ? 1024 : old.size() * 2;
    m_slots.assign(capacity, git_oid{});
    m_mask = capacity - 1;
    m_size = 0;
    for (const git_oid& oid : old) {
      if (!is_zero(oid)) {
        place(oid);
      }
    }
  }

  std::vector<git_oid> m_slots;
  std::size_t m_mask = 0;
  std::size_t m_size = 0;
  bool m_has_zero = false;
};

}  // namespace nts::git
