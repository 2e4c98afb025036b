#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "gitfmt/object_id.hpp"

namespace nts::gitfmt {

// One `objects/pack/pack-*.pack` with its version 2 `.idx`: finds an object's
// entry offset by id (fanout bucket, then binary search over the sorted ids).
// The reader sees two byte spans; where they come from (a memory map, a
// fuzzer's buffer) is the caller's business.
class PackFile {
 public:
  // Checks both spans' headers and sizes: an Error naming `pack_name` when
  // either is truncated or in a version we do not read. The bytes must
  // outlive the PackFile.
  static core::Result<PackFile> from_bytes(std::string_view idx, std::string_view pack,
                                           std::string pack_name);
  // `idx_path` names the index; the pack beside it is mapped too.
  static core::Result<PackFile> open(const std::string& idx_path);

  std::optional<std::uint64_t> find(const ObjectId& oid) const;
  const std::string& pack_path() const { return m_pack_path; }
  // The entry bytes: the whole pack minus its trailing checksum.
  std::string_view entries() const { return m_pack.substr(0, m_pack.size() - k_oid_size); }
  std::uint32_t object_count() const { return m_count; }
  // Drops the pack's pages from the resident set (MappedFile::release_resident);
  // nothing for a pack given as bytes.
  void release_resident() const;
  // The id at `position` of the index's sorted list (position < object_count()).
  ObjectId id_at(std::uint32_t position) const;

 private:
  struct Mapped;
  PackFile(std::string_view idx, std::string_view pack, std::string pack_path, std::uint32_t count)
      : m_idx(idx), m_pack(pack), m_pack_path(std::move(pack_path)), m_count(count) {}
  const unsigned char* idx_data() const {
    return reinterpret_cast<const unsigned char*>(m_idx.data());
  }
  std::uint64_t offset_at(std::uint32_t position) const;

  std::shared_ptr<const Mapped> m_mapped;  // set by open(): keeps the spans' files mapped
  std::string_view m_idx;
  std::string_view m_pack;
  std::string m_pack_path;
  std::uint32_t m_count;
};

// Where an object's entry starts: which pack of the set, and the offset in it.
struct PackEntryRef {
  std::uint32_t pack;
  std::uint64_t offset;
  bool operator==(const PackEntryRef&) const = default;
};

// Every pack of one repository, mapped once and shared, read-only, by all the
// threads of a scan.
class PackSet {
 public:
  // Opens each `*.idx` under `objects_dir`/pack. Packs that cannot be opened
  // are skipped (libgit2's own pack backend still answers for them) and
  // named in `skipped`.
  static std::shared_ptr<const PackSet> open(const std::string& objects_dir,
                                             std::vector<std::string>& skipped);
  // Packs already opened (tests, fuzzers).
  static std::shared_ptr<const PackSet> of(std::vector<PackFile> packs);

  std::optional<PackEntryRef> find(const ObjectId& oid) const;
  const PackFile& pack(std::uint32_t index) const { return m_packs[index]; }
  std::size_t size() const { return m_packs.size(); }

  // Readers report the pack bytes they inflate; every k_resident_bytes the
  // packs' pages are dropped from the resident set. A history scan reads
  // every entry of every pack, and pages of a file mapping count towards the
  // process's RSS as much as its heap does: without this the peak grows with
  // the pack (a babel-sized pack is ~160 MB). Dropping costs a minor page
  // fault per 4 KiB page read again.
  void note_read(std::size_t bytes) const;
  static constexpr std::uint64_t k_resident_bytes = std::uint64_t{8} << 20;

 private:
  std::vector<PackFile> m_packs;
  mutable std::atomic<std::uint64_t> m_read_since_release{0};
};

}  // namespace nts::gitfmt
