#include "gitfmt/pack_index.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "gitfmt/mapped_file.hpp"

namespace nts::gitfmt {
namespace {

constexpr std::size_t k_idx_header = 8;  // magic "\377tOc" + version
constexpr std::size_t k_fanout_size = 256 * 4;
constexpr std::size_t k_pack_header = 12;  // "PACK" + version + object count
constexpr std::uint32_t k_large_offset_flag = 0x80000000u;

std::uint32_t read_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

std::uint64_t read_be64(const unsigned char* p) {
  return (std::uint64_t{read_be32(p)} << 32) | read_be32(p + 4);
}

core::Error pack_error(const std::string& path, const std::string& what) {
  core::Error error;
  error.message = path + ": " + what;
  return error;
}

}  // namespace

struct PackFile::Mapped {
  MappedFile idx;
  MappedFile pack;
};

core::Result<PackFile> PackFile::from_bytes(std::string_view idx_bytes, std::string_view pack_bytes,
                                            std::string pack_name) {
  const auto* data = reinterpret_cast<const unsigned char*>(idx_bytes.data());
  std::size_t size = idx_bytes.size();
  if (size < k_idx_header + k_fanout_size + 2 * k_oid_size ||
      std::memcmp(data, "\377tOc", 4) != 0 || read_be32(data + 4) != 2) {
    return pack_error(pack_name, "not a version 2 pack index");
  }
  const unsigned char* fanout = data + k_idx_header;
  for (std::size_t i = 1; i < 256; ++i) {
    if (read_be32(fanout + 4 * i) < read_be32(fanout + 4 * (i - 1))) {
      return pack_error(pack_name, "pack index fanout is not sorted");
    }
  }
  std::uint32_t count = read_be32(fanout + 4 * 255);
  // Ids, CRCs and 32-bit offsets, then the trailing pack and index checksums.
  std::size_t fixed =
      k_idx_header + k_fanout_size + std::size_t{count} * (k_oid_size + 8) + 2 * k_oid_size;
  if (size < fixed || (size - fixed) % 8 != 0) {
    return pack_error(pack_name, "pack index is truncated");
  }
  const auto* header = reinterpret_cast<const unsigned char*>(pack_bytes.data());
  if (pack_bytes.size() < k_pack_header + k_oid_size || std::memcmp(header, "PACK", 4) != 0 ||
      (read_be32(header + 4) != 2 && read_be32(header + 4) != 3)) {
    return pack_error(pack_name, "not a version 2 or 3 pack");
  }
  if (read_be32(header + 8) != count) {
    return pack_error(pack_name, "pack and index disagree on the number of objects");
  }
  return PackFile(idx_bytes, pack_bytes, std::move(pack_name), count);
}

core::Result<PackFile> PackFile::open(const std::string& idx_path) {
  auto idx = MappedFile::open(idx_path);
  if (!idx) {
    return idx.error();
  }
  std::string pack_path = idx_path.substr(0, idx_path.size() - 4) + ".pack";
  auto pack = MappedFile::open(pack_path);
  if (!pack) {
    return pack.error();
  }
  auto mapped = std::make_shared<const Mapped>(Mapped{std::move(*idx), std::move(*pack)});
  auto file = from_bytes(mapped->idx.bytes(), mapped->pack.bytes(), std::move(pack_path));
  if (file) {
    file->m_mapped = std::move(mapped);
  }
  return file;
}

ObjectId PackFile::id_at(std::uint32_t position) const {
  ObjectId oid{};
  std::memcpy(oid.id,
              idx_data() + k_idx_header + k_fanout_size + std::size_t{position} * k_oid_size,
              k_oid_size);
  return oid;
}

std::uint64_t PackFile::offset_at(std::uint32_t position) const {
  const unsigned char* offsets =
      idx_data() + k_idx_header + k_fanout_size + std::size_t{m_count} * (k_oid_size + 4);
  std::uint32_t small = read_be32(offsets + 4 * std::size_t{position});
  if ((small & k_large_offset_flag) == 0) {
    return small;
  }
  // Packs over 2 GiB: the offset lives in the 64-bit table after the 32-bit one.
  std::size_t large = small & ~k_large_offset_flag;
  const unsigned char* table = offsets + 4 * std::size_t{m_count};
  std::size_t table_entries = (m_idx.size() - (table - idx_data()) - 2 * k_oid_size) / 8;
  return large < table_entries ? read_be64(table + 8 * large) : UINT64_MAX;
}

std::optional<std::uint64_t> PackFile::find(const ObjectId& oid) const {
  const unsigned char* fanout = idx_data() + k_idx_header;
  std::uint8_t first = oid.id[0];
  std::uint32_t low = first == 0 ? 0 : read_be32(fanout + 4 * (first - 1));
  std::uint32_t high = read_be32(fanout + 4 * first);
  const unsigned char* ids = fanout + k_fanout_size;
  while (low < high) {
    std::uint32_t middle = low + (high - low) / 2;
    int order = std::memcmp(ids + std::size_t{middle} * k_oid_size, oid.id, k_oid_size);
    if (order == 0) {
      std::uint64_t offset = offset_at(middle);
      // An offset outside the entries is corruption: the decoder reports it.
      return offset;
    }
    if (order < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return std::nullopt;
}

std::shared_ptr<const PackSet> PackSet::of(std::vector<PackFile> packs) {
  auto set = std::make_shared<PackSet>();
  set->m_packs = std::move(packs);
  return set;
}

std::shared_ptr<const PackSet> PackSet::open(const std::string& objects_dir,
                                             std::vector<std::string>& skipped) {
  auto set = std::make_shared<PackSet>();
  std::error_code error;
  std::vector<std::string> indexes;
  for (const auto& entry : std::filesystem::directory_iterator(objects_dir + "/pack", error)) {
    if (entry.path().extension() == ".idx") {
      indexes.push_back(entry.path().string());
    }
  }
  // Sorted, so every handle and every run sees the packs in the same order.
  std::sort(indexes.begin(), indexes.end());
  for (const std::string& path : indexes) {
    auto pack = PackFile::open(path);
    if (pack) {
      set->m_packs.push_back(std::move(*pack));
    } else {
      skipped.push_back(pack.error().message);
    }
  }
  return set;
}

void PackFile::release_resident() const {
  if (m_mapped) {
    m_mapped->pack.release_resident();
  }
}

void PackSet::note_read(std::size_t bytes) const {
  std::uint64_t before = m_read_since_release.fetch_add(bytes, std::memory_order_relaxed);
  if (before < k_resident_bytes && before + bytes >= k_resident_bytes) {
    m_read_since_release.fetch_sub(before + bytes, std::memory_order_relaxed);
    for (const PackFile& pack : m_packs) {
      pack.release_resident();
    }
  }
}

std::optional<PackEntryRef> PackSet::find(const ObjectId& oid) const {
  for (std::uint32_t i = 0; i < m_packs.size(); ++i) {
    if (auto offset = m_packs[i].find(oid)) {
      return PackEntryRef{i, *offset};
    }
  }
  return std::nullopt;
}

}  // namespace nts::gitfmt
