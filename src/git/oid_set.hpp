#pragma once

#include <git2.h>

#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

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
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};

using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;
template <typename T>
using OidMap = std::unordered_map<git_oid, T, OidHash, OidEqual>;

}  // namespace nts::git
