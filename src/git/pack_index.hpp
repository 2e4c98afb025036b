#pragma once

#include <git2.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace nts::git {

// A read-only memory map of a whole file.
class MappedFile {
 public:
  static core::Result<MappedFile> open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  ~MappedFile();

  const unsigned char* data() const { return m_data; }
  std::size_t size() const { return m_size; }

 private:
  MappedFile(const unsigned char* data, std::size_t size) : m_data(data), m_size(size) {}
  const unsigned char* m_data;
  std::size_t m_size;
};

// One `objects/pack/pack-*.pack` with its version 2 `.idx`: finds an object's
// entry offset by id (fanout bucket, then binary search over the sorted ids).
class PackFile {
 public:
  // `idx_path` names the index; the pack beside it is mapped too. An Error
  // when either file is missing, truncated or in a version we do not read.
  static core::Result<PackFile> open(const std::string& idx_path);

  std::optional<std::uint64_t> find(const git_oid& oid) const;
  const std::string& pack_path() const { return m_pack_path; }
  // The entry bytes: the whole pack minus its trailing checksum.
  std::string_view entries() const {
    return {reinterpret_cast<const char*>(m_pack.data()), m_pack.size() - GIT_OID_RAWSZ};
  }
  std::uint32_t object_count() const { return m_count; }

 private:
  PackFile(MappedFile idx, MappedFile pack, std::string pack_path, std::uint32_t count)
      : m_idx(std::move(idx)),
        m_pack(std::move(pack)),
        m_pack_path(std::move(pack_path)),
        m_count(count) {}
  std::uint64_t offset_at(std::uint32_t position) const;

  MappedFile m_idx;
  MappedFile m_pack;
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

  std::optional<PackEntryRef> find(const git_oid& oid) const;
  const PackFile& pack(std::uint32_t index) const { return m_packs[index]; }
  std::size_t size() const { return m_packs.size(); }

 private:
  std::vector<PackFile> m_packs;
};

}  // namespace nts::git
