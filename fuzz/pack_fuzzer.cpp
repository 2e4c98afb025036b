// Pack entries (entry headers, zlib, OFS and REF deltas, the delta-base
// cache) through the production PackReader, from memory. Input: a byte n
// (objects: n % 16 + 1), n big-endian 16-bit offsets of entries, then the
// entries. The target writes the pack's header and trailer around them and a
// version 2 index whose ids are 00.., 01.., ... (so a REF delta can name
// another entry), then reads every object twice (the second time through the
// cache) and its header.
#include <string>
#include <vector>

#include "fuzz/fuzz_target.hpp"
#include "gitfmt/pack_index.hpp"
#include "gitfmt/pack_reader.hpp"

namespace {

using namespace nts::gitfmt;

void put_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

class VectorSink final : public ObjectSink {
 public:
  unsigned char* allocate(std::size_t size) override {
    m_bytes.resize(size);
    return m_bytes.data();
  }

 private:
  std::vector<unsigned char> m_bytes;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) {
    return 0;
  }
  std::uint32_t count = data[0] % 16 + 1;
  if (size < 1 + 2 * std::size_t{count}) {
    return 0;
  }
  std::vector<std::uint32_t> offsets;
  for (std::uint32_t i = 0; i < count; ++i) {
    offsets.push_back(12 + ((std::uint32_t{data[1 + 2 * i]} << 8) | data[2 + 2 * i]));
  }
  std::string pack = "PACK";
  put_be32(pack, 2);
  put_be32(pack, count);
  pack.append(reinterpret_cast<const char*>(data) + 1 + 2 * count, size - 1 - 2 * count);
  pack.append(k_oid_size, '\0');  // the trailing checksum: never read

  std::string idx = "\377tOc";
  put_be32(idx, 2);
  for (std::uint32_t first = 0; first < 256; ++first) {
    put_be32(idx, std::min(first + 1, count));
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    idx.push_back(static_cast<char>(i));
    idx.append(k_oid_size - 1, '\0');
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    put_be32(idx, 0);  // CRC32s: not read
  }
  for (std::uint32_t offset : offsets) {
    put_be32(idx, offset);
  }
  idx.append(2 * k_oid_size, '\0');

  auto file = PackFile::from_bytes(idx, pack, "fuzz.pack");
  if (!file) {
    return 0;
  }
  std::vector<PackFile> files;
  files.push_back(std::move(*file));
  // A small cache, so eviction runs too; a 1 MiB object limit, as the scan
  // has one (the fuzzer's memory limit would otherwise stop it).
  PackReader reader(PackSet::of(std::move(files)), 64 << 10, 1 << 20);
  for (int round = 0; round < 2; ++round) {
    for (std::uint32_t i = 0; i < count; ++i) {
      ObjectId id{};
      id.id[0] = static_cast<unsigned char>(i);
      ObjectType type = ObjectType::invalid;
      std::size_t object_size = 0;
      std::string error;
      VectorSink sink;
      reader.read_header(id, type, object_size, error);
      reader.read(id, type, sink, error);
    }
  }
  return 0;
}
