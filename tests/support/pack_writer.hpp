#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nts::test {

// Writes a pack and its version 2 index by hand, for what git never writes
// itself: deltas that declare gigabytes (a "delta bomb" is a few kilobytes of
// pack). Objects are given their ids by the caller: an id only the test looks
// up must be real (RepoBuilder::blob_id); a base nothing names may be fake_id().
// The checksums are not real SHA-1s, but the index's copy of the pack's
// matches the pack's trailer, which is what readers compare.
class PackWriter {
 public:
  static constexpr int k_blob = 3;

  // A whole object; returns its offset in the pack.
  std::uint64_t add_object(int type, std::string_view content, const std::string& id_hex);
  // An OFS delta on the entry at `base_offset`; returns its offset.
  std::uint64_t add_ofs_delta(std::uint64_t base_offset, std::string_view delta,
                              const std::string& id_hex);

  std::string pack_bytes() const;
  std::string idx_bytes() const;
  // Writes objects/pack/pack-<name>.{pack,idx} under `gitdir`.
  void install(const std::string& gitdir, const std::string& name) const;

  // Delta instructions (git's format): the two sizes, then ops.
  static std::string delta_header(std::uint64_t base_size, std::uint64_t result_size);
  static std::string copy_op(std::uint64_t offset, std::uint64_t length);
  static std::string insert_op(std::string_view bytes);  // at most 127 bytes
  // A delta that copies `result_size` bytes out of a base of `base_size`
  // (a multiple of it), in copies of the whole base.
  static std::string repeat_delta(std::uint64_t base_size, std::uint64_t result_size);

 private:
  struct Entry {
    std::string id;  // 20 raw bytes
    std::uint64_t offset;
  };
  std::string m_body;  // entries, after the 12-byte header
  std::vector<Entry> m_entries;
};

// A unique id nothing in a repository has ("ffff…" + n).
std::string fake_id(unsigned n);

}  // namespace nts::test
