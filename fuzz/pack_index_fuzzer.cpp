// A version 2 pack index (`.idx`) through the production PackFile, from
// memory: the input is the index; the target writes a pack header that
// agrees on the object count, then looks up every id the index lists (at most
// 256) and ids beside them.
#include <string>

#include "fuzz/fuzz_target.hpp"
#include "gitfmt/pack_index.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nts::gitfmt;
  std::string idx(reinterpret_cast<const char*>(data), size);
  std::string pack = "PACK";
  pack.append({'\0', '\0', '\0', '\2'});
  // The count the index's fanout ends with, so both headers agree.
  pack.append(size >= 8 + 1024 ? idx.substr(8 + 1020, 4) : std::string(4, '\0'));
  pack.append(k_oid_size, '\0');
  auto file = PackFile::from_bytes(idx, pack, "fuzz.pack");
  if (!file) {
    return 0;
  }
  std::uint32_t listed = std::min<std::uint32_t>(file->object_count(), 256);
  for (std::uint32_t i = 0; i < listed; ++i) {
    ObjectId id = file->id_at(i);
    (void)file->find(id);
    id.id[k_oid_size - 1] ^= 1;
    (void)file->find(id);
  }
  ObjectId zero{};
  (void)file->find(zero);
  return 0;
}
