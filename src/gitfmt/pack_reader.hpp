#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gitfmt/object_id.hpp"
#include "gitfmt/pack_index.hpp"

namespace nts::gitfmt {

// Recently resolved delta bases, keyed by pack entry, least recently used
// evicted first once `capacity` bytes are held. Intermediate results of a
// chain are kept too, so reading the next version of a tree or file costs one
// delta instead of the whole chain. libgit2 keeps intermediate results as
// well, but never one over 1 MiB, and it empties its cache of everything not
// in use whenever it passes 16 MiB (git/pack_backend.hpp says more).
class DeltaBaseCache {
 public:
  explicit DeltaBaseCache(std::size_t capacity) : m_capacity(capacity) {}

  struct Hit {
    ObjectType type;
    const unsigned char* data;
    std::size_t size;
  };
  // Valid until the next call to `add`.
  std::optional<Hit> find(PackEntryRef entry);
  // Takes the bytes when they fit; otherwise hands them back to the caller.
  std::unique_ptr<unsigned char[]> add(PackEntryRef entry, ObjectType type,
                                       std::unique_ptr<unsigned char[]> data, std::size_t size);

 private:
  struct Entry {
    std::uint64_t key;
    ObjectType type;
    std::unique_ptr<unsigned char[]> data;
    std::size_t size;
  };
  static std::uint64_t key_of(PackEntryRef entry) {
    return (std::uint64_t{entry.pack} << 48) ^ entry.offset;
  }
  std::size_t m_capacity;
  std::size_t m_bytes = 0;
  std::list<Entry> m_lru;  // most recently used first
  std::unordered_map<std::uint64_t, std::list<Entry>::iterator> m_index;
};

// Where a decoded object goes: the reader asks for exactly one buffer of the
// object's size and fills it.
class ObjectSink {
 public:
  virtual unsigned char* allocate(std::size_t size) = 0;

 protected:
  ~ObjectSink() = default;
};

// Decodes objects from a PackSet: entry headers, zlib (one stream, reset per
// entry), OFS and REF deltas, with a DeltaBaseCache. One reader per thread:
// it holds no locks.
class PackReader {
 public:
  // too_large: the object, or a result its delta chain builds on the way,
  // is over `max_object_bytes` (a few bytes of delta can declare gigabytes):
  // refused before anything that size is allocated, `error` names the object.
  enum class Outcome { found, not_found, corrupt, too_large };

  PackReader(std::shared_ptr<const PackSet> packs, std::size_t cache_bytes,
             std::size_t max_object_bytes = SIZE_MAX);
  ~PackReader();
  PackReader(const PackReader&) = delete;
  PackReader& operator=(const PackReader&) = delete;

  // not_found: not in these packs, or a REF delta whose base is not (the
  // caller falls back to another reader). corrupt: `error` names the object,
  // the pack and what is wrong.
  Outcome read(const ObjectId& oid, ObjectType& type, ObjectSink& sink, std::string& error);
  // The type and size without building the object: a delta's result size is
  // in its first bytes, its type is its chain's bottom's. The chain is
  // followed down by entry headers only, and each entry's type is remembered,
  // so the next header read through the same chain stops where it joins it.
  Outcome read_header(const ObjectId& oid, ObjectType& type, std::size_t& size, std::string& error);
  bool contains(const ObjectId& oid) const { return m_packs->find(oid).has_value(); }

 private:
  struct EntryHeader {
    int kind = 0;            // the pack's type code: 1-4 objects, 6 OFS delta, 7 REF delta
    std::uint64_t size = 0;  // inflated size: the object's, or the delta's
    std::size_t data = 0;    // offset of the zlib stream
    std::optional<PackEntryRef> base;  // deltas only; empty for a REF base outside the packs
  };
  struct DeltaLink {
    PackEntryRef entry;
    EntryHeader header;
  };
  // Where a chain ends: a whole object's entry, or a base already in the cache.
  struct Bottom {
    PackEntryRef entry{};
    EntryHeader header;
    std::optional<DeltaBaseCache::Hit> cached;
  };
  Outcome parse_header(PackEntryRef entry, EntryHeader& header, std::string& why) const;
  // Follows deltas down from `target` to an object or a cached base, filling m_chain.
  Outcome collect_chain(PackEntryRef target, Bottom& bottom, std::string& why);
  // The type of the object `entry` resolves to; `entry` is left at a failing one.
  Outcome chain_type(PackEntryRef& entry, ObjectType& type, std::string& why);
  bool inflate(PackEntryRef entry, const EntryHeader& header, unsigned char* out, std::size_t size,
               bool whole, std::string& why);
  bool inflate_delta(PackEntryRef entry, const EntryHeader& header, std::string& why);
  std::string describe(const ObjectId& oid, PackEntryRef entry, const std::string& why) const;

  std::shared_ptr<const PackSet> m_packs;
  DeltaBaseCache m_cache;
  std::size_t m_max_object_bytes;
  z_stream m_zlib{};
  bool m_zlib_ready = false;
  std::vector<DeltaLink> m_chain;      // target first
  std::vector<unsigned char> m_delta;  // the delta being applied
  // Entry (pack << 48 ^ offset) -> the type it resolves to, from header reads.
  std::unordered_map<std::uint64_t, ObjectType> m_types;
  std::vector<std::uint64_t> m_walked;  // chain_type's entries, typed once the bottom is found
};

}  // namespace nts::gitfmt
