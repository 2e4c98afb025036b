#pragma once

#include <cstddef>
#include <cstring>
#include <string>

namespace nts::gitfmt {

// The formats here are read without libgit2 (src/git converts at its
// boundary), so they carry their own id and type vocabulary.
constexpr std::size_t k_oid_size = 20;

// A SHA-1 object id, in the same layout as libgit2's git_oid.
struct ObjectId {
  unsigned char id[k_oid_size];
  bool operator==(const ObjectId& other) const {
    return std::memcmp(id, other.id, k_oid_size) == 0;
  }
};

// The object types by the codes packs store (and libgit2's git_object_t uses).
enum class ObjectType : int { invalid = -1, commit = 1, tree = 2, blob = 3, tag = 4 };

// Lower-case hex, as git prints ids.
inline std::string to_hex(const ObjectId& oid) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(2 * k_oid_size, '0');
  for (std::size_t i = 0; i < k_oid_size; ++i) {
    out[2 * i] = k_digits[oid.id[i] >> 4];
    out[2 * i + 1] = k_digits[oid.id[i] & 15];
  }
  return out;
}

}  // namespace nts::gitfmt
