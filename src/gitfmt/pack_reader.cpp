#include "gitfmt/pack_reader.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

namespace nts::gitfmt {
namespace {

constexpr int k_ofs_delta = 6;
constexpr int k_ref_delta = 7;
// git's own limit is 4095; anything this deep is a cycle of REF deltas.
constexpr std::size_t k_max_chain = 10000;
// zlib never compresses better than about 1032:1: a larger declared size is corruption.
constexpr std::uint64_t k_max_inflate_ratio = 1032;
// Bookkeeping per cached entry (list node, hash node), counted against the capacity.
constexpr std::size_t k_cache_entry_overhead = 96;

bool is_delta(int kind) {
  return kind == k_ofs_delta || kind == k_ref_delta;
}

// The varints at the start of a delta: the base's size, then the result's.
bool read_delta_size(const unsigned char*& p, const unsigned char* end, std::uint64_t& size) {
  size = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (p == end) {
      return false;
    }
    unsigned char c = *p++;
    size |= std::uint64_t{c & 0x7fu} << shift;
    if ((c & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

struct DeltaSizes {
  std::uint64_t base = 0;
  std::uint64_t result = 0;
  const unsigned char* ops = nullptr;  // the copy and insert instructions after the sizes
};

bool read_delta_sizes(const unsigned char* delta, std::size_t size, DeltaSizes& sizes) {
  const unsigned char* p = delta;
  const unsigned char* end = delta + size;
  if (!read_delta_size(p, end, sizes.base) || !read_delta_size(p, end, sizes.result)) {
    return false;
  }
  sizes.ops = p;
  return true;
}

// git's delta format: a copy op (high bit set) names an offset and length in
// the base by the bytes its low 7 bits select; an insert op (1-127) is
// followed by that many literal bytes. Every copy is checked against both buffers.
bool apply_delta(const unsigned char* base, std::size_t base_size, const unsigned char* p,
                 const unsigned char* end, unsigned char* out, std::size_t out_size,
                 std::string& why) {
  std::size_t written = 0;
  while (p < end) {
    unsigned char op = *p++;
    if ((op & 0x80) != 0) {
      std::uint64_t offset = 0;
      std::uint64_t length = 0;
      for (unsigned i = 0; i < 7; ++i) {
        if ((op & (1u << i)) == 0) {
          continue;
        }
        if (p == end) {
          why = "delta ends inside a copy instruction";
          return false;
        }
        std::uint64_t byte = *p++;
        if (i < 4) {
          offset |= byte << (8 * i);
        } else {
          length |= byte << (8 * (i - 4));
        }
      }
      if (length == 0) {
        length = 0x10000;
      }
      if (offset > base_size || length > base_size - offset) {
        why = "delta copies bytes from outside its base";
        return false;
      }
      if (length > out_size - written) {
        why = "delta produces more bytes than it declares";
        return false;
      }
      std::memcpy(out + written, base + offset, length);
      written += length;
    } else if (op != 0) {
      if (op > end - p) {
        why = "delta inserts bytes past its own end";
        return false;
      }
      if (op > out_size - written) {
        why = "delta produces more bytes than it declares";
        return false;
      }
      std::memcpy(out + written, p, op);
      p += op;
      written += op;
    } else {
      why = "delta uses the reserved instruction 0";
      return false;
    }
  }
  if (written != out_size) {
    why = "delta produces fewer bytes than it declares";
    return false;
  }
  return true;
}

std::string at_offset(PackEntryRef entry) {
  return " (entry at offset " + std::to_string(entry.offset) + ")";
}

}  // namespace

std::optional<DeltaBaseCache::Hit> DeltaBaseCache::find(PackEntryRef entry) {
  auto found = m_index.find(key_of(entry));
  if (found == m_index.end()) {
    return std::nullopt;
  }
  m_lru.splice(m_lru.begin(), m_lru, found->second);
  const Entry& hit = *found->second;
  return Hit{hit.type, hit.data.get(), hit.size};
}

std::unique_ptr<unsigned char[]> DeltaBaseCache::add(PackEntryRef entry, ObjectType type,
                                                     std::unique_ptr<unsigned char[]> data,
                                                     std::size_t size) {
  std::size_t cost = size + k_cache_entry_overhead;
  std::uint64_t key = key_of(entry);
  // One huge object would flush everything else for a single use.
  if (cost > m_capacity / 4 || m_index.contains(key)) {
    return data;
  }
  while (m_bytes + cost > m_capacity && !m_lru.empty()) {
    const Entry& oldest = m_lru.back();
    m_bytes -= oldest.size + k_cache_entry_overhead;
    m_index.erase(oldest.key);
    m_lru.pop_back();
  }
  m_lru.push_front(Entry{key, type, std::move(data), size});
  m_index.emplace(key, m_lru.begin());
  m_bytes += cost;
  return nullptr;
}

PackReader::PackReader(std::shared_ptr<const PackSet> packs, std::size_t cache_bytes,
                       std::size_t max_object_bytes)
    : m_packs(std::move(packs)), m_cache(cache_bytes), m_max_object_bytes(max_object_bytes) {
  m_zlib_ready = inflateInit(&m_zlib) == Z_OK;
}

PackReader::~PackReader() {
  if (m_zlib_ready) {
    inflateEnd(&m_zlib);
  }
}

std::string PackReader::describe(const ObjectId& oid, PackEntryRef entry,
                                 const std::string& why) const {
  return "corrupt object " + to_hex(oid) + " in " + m_packs->pack(entry.pack).pack_path() + ": " +
         why;
}

// An entry starts with a varint of type (3 bits) and inflated size; an OFS
// delta then names its base by a backwards distance (git's "offset
// encoding", which adds one per continuation byte), a REF delta by its id.
PackReader::Outcome PackReader::parse_header(PackEntryRef entry, EntryHeader& header,
                                             std::string& why) const {
  std::string_view bytes = m_packs->pack(entry.pack).entries();
  auto byte_at = [&](std::size_t at) { return static_cast<unsigned char>(bytes[at]); };
  if (entry.offset < 12 || entry.offset >= bytes.size()) {
    why = "entry offset " + std::to_string(entry.offset) + " is outside the pack";
    return Outcome::corrupt;
  }
  auto truncated = [&] {
    why = "the pack ends inside an entry header" + at_offset(entry);
    return Outcome::corrupt;
  };
  std::size_t p = entry.offset;
  unsigned char c = byte_at(p++);
  header.kind = (c >> 4) & 7;
  header.size = c & 15u;
  for (unsigned shift = 4; (c & 0x80) != 0; shift += 7) {
    if (p == bytes.size()) {
      return truncated();
    }
    if (shift > 57) {
      why = "entry size overflows" + at_offset(entry);
      return Outcome::corrupt;
    }
    c = byte_at(p++);
    header.size |= std::uint64_t{c & 0x7fu} << shift;
  }
  header.base.reset();
  if (header.kind == k_ofs_delta) {
    if (p == bytes.size()) {
      return truncated();
    }
    c = byte_at(p++);
    std::uint64_t distance = c & 0x7fu;
    while ((c & 0x80) != 0) {
      if (p == bytes.size()) {
        return truncated();
      }
      if (distance >= (std::uint64_t{1} << 56)) {
        why = "delta base distance overflows" + at_offset(entry);
        return Outcome::corrupt;
      }
      c = byte_at(p++);
      distance = ((distance + 1) << 7) | (c & 0x7fu);
    }
    if (distance == 0 || distance > entry.offset) {
      why = "delta base is outside the pack" + at_offset(entry);
      return Outcome::corrupt;
    }
    header.base = PackEntryRef{entry.pack, entry.offset - distance};
  } else if (header.kind == k_ref_delta) {
    if (bytes.size() - p < k_oid_size) {
      return truncated();
    }
    ObjectId base{};
    std::memcpy(base.id, bytes.data() + p, k_oid_size);
    p += k_oid_size;
    header.base = m_packs->find(base);  // empty: a thin pack's base, left to libgit2
  } else if (header.kind < static_cast<int>(ObjectType::commit) ||
             header.kind > static_cast<int>(ObjectType::tag)) {
    why = "unknown entry type " + std::to_string(header.kind) + at_offset(entry);
    return Outcome::corrupt;
  }
  header.data = p;
  if (header.size / k_max_inflate_ratio > bytes.size() - p) {
    why = "entry declares " + std::to_string(header.size) +
          " bytes, more than the rest of the pack can hold" + at_offset(entry);
    return Outcome::corrupt;
  }
  return Outcome::found;
}

PackReader::Outcome PackReader::collect_chain(PackEntryRef target, Bottom& bottom,
                                              std::string& why) {
  m_chain.clear();
  PackEntryRef entry = target;
  for (std::size_t depth = 0; depth < k_max_chain; ++depth) {
    bottom.entry = entry;
    bottom.cached = m_cache.find(entry);
    if (bottom.cached) {
      return Outcome::found;
    }
    Outcome parsed = parse_header(entry, bottom.header, why);
    if (parsed != Outcome::found || !is_delta(bottom.header.kind)) {
      return parsed;
    }
    if (!bottom.header.base) {
      return Outcome::not_found;
    }
    m_chain.push_back({entry, bottom.header});
    entry = *bottom.header.base;
  }
  why = "delta chain deeper than " + std::to_string(k_max_chain) + at_offset(target);
  return Outcome::corrupt;
}

// Inflates an entry's zlib stream into `out`: all of it (`whole`, and then it
// must be exactly `size` bytes and end with a valid checksum) or only its
// first `size` bytes. The one stream is reset per entry: inflateInit
// allocates about 40 KB each time.
bool PackReader::inflate(PackEntryRef entry, const EntryHeader& header, unsigned char* out,
                         std::size_t size, bool whole, std::string& why) {
  if (!m_zlib_ready || inflateReset(&m_zlib) != Z_OK) {
    why = "zlib could not be initialised";
    return false;
  }
  std::string_view bytes = m_packs->pack(entry.pack).entries();
  // zlib counts in 32 bits: input and output are handed over in chunks.
  std::size_t input_left = bytes.size() - header.data;
  std::size_t output_left = size;
  unsigned char empty = 0;
  m_zlib.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + header.data));
  m_zlib.avail_in = 0;
  m_zlib.next_out = size == 0 ? &empty : out;
  m_zlib.avail_out = 0;
  while (true) {
    if (m_zlib.avail_out == 0 && output_left > 0) {
      m_zlib.avail_out = static_cast<uInt>(std::min<std::size_t>(output_left, UINT_MAX));
      output_left -= m_zlib.avail_out;
    }
    bool output_full = m_zlib.avail_out == 0 && output_left == 0;
    if (!whole && output_full) {
      return true;
    }
    if (m_zlib.avail_in == 0) {
      if (input_left == 0) {
        why = "the pack ends inside an entry's data" + at_offset(entry);
        return false;
      }
      m_zlib.avail_in = static_cast<uInt>(std::min<std::size_t>(input_left, UINT_MAX));
      input_left -= m_zlib.avail_in;
    }
    int status = ::inflate(&m_zlib, Z_NO_FLUSH);
    if (status == Z_STREAM_END) {
      break;
    }
    if (status == Z_BUF_ERROR && output_full) {
      why = "entry inflates to more than the " + std::to_string(size) + " bytes it declares" +
            at_offset(entry);
      return false;
    }
    if (status != Z_OK) {
      why = std::string("zlib: ") + (m_zlib.msg != nullptr ? m_zlib.msg : "inflate failed") +
            at_offset(entry);
      return false;
    }
  }
  m_packs->note_read(m_zlib.total_in);
  // Also for a partial read: the stream ended before the bytes asked for.
  if (m_zlib.total_out != size) {
    why = "entry inflates to " + std::to_string(m_zlib.total_out) + " bytes, not the " +
          std::to_string(size) + " it declares" + at_offset(entry);
    return false;
  }
  return true;
}

bool PackReader::inflate_delta(PackEntryRef entry, const EntryHeader& header, std::string& why) {
  m_delta.resize(header.size);
  return inflate(entry, header, m_delta.data(), m_delta.size(), true, why);
}

PackReader::Outcome PackReader::read(const ObjectId& oid, ObjectType& type, ObjectSink& sink,
                                     std::string& error) {
  std::optional<PackEntryRef> target = m_packs->find(oid);
  if (!target) {
    return Outcome::not_found;
  }
  std::string why;
  auto corrupt = [&](PackEntryRef entry) {
    error = describe(oid, entry, why);
    return Outcome::corrupt;
  };
  auto over_limit = [&](std::uint64_t size, const char* what) {
    if (size <= m_max_object_bytes) {
      return false;
    }
    error = "object " + to_hex(oid) + " in " + m_packs->pack(target->pack).pack_path() + ": " +
            what + " is " + std::to_string(size) + " bytes, over the limit of " +
            std::to_string(m_max_object_bytes) + " bytes; not read";
    return true;
  };
  Bottom bottom;
  Outcome chained = collect_chain(*target, bottom, why);
  if (chained == Outcome::corrupt) {
    return corrupt(bottom.entry);
  }
  if (chained == Outcome::not_found) {
    return chained;
  }
  type = bottom.cached ? bottom.cached->type : static_cast<ObjectType>(bottom.header.kind);
  if (!bottom.cached && over_limit(bottom.header.size, m_chain.empty() ? "it" : "its delta base")) {
    return Outcome::too_large;
  }
  if (m_chain.empty()) {
    if (bottom.cached) {
      std::memcpy(sink.allocate(bottom.cached->size), bottom.cached->data, bottom.cached->size);
      return Outcome::found;
    }
    unsigned char* out = sink.allocate(bottom.header.size);
    return inflate(bottom.entry, bottom.header, out, bottom.header.size, true, why)
               ? Outcome::found
               : corrupt(bottom.entry);
  }
  // The bottom base, then each delta up to the target; every intermediate
  // result goes into the cache (it is the next version's likely base).
  std::unique_ptr<unsigned char[]> owned;  // a base too big for the cache
  const unsigned char* base = nullptr;
  std::size_t base_size = 0;
  if (bottom.cached) {
    base = bottom.cached->data;
    base_size = bottom.cached->size;
  } else {
    auto bytes = std::make_unique_for_overwrite<unsigned char[]>(bottom.header.size);
    if (!inflate(bottom.entry, bottom.header, bytes.get(), bottom.header.size, true, why)) {
      return corrupt(bottom.entry);
    }
    base = bytes.get();
    base_size = bottom.header.size;
    owned = m_cache.add(bottom.entry, type, std::move(bytes), base_size);
  }
  for (std::size_t i = m_chain.size(); i-- > 0;) {
    const DeltaLink& link = m_chain[i];
    DeltaSizes sizes;
    if (over_limit(link.header.size, "a delta of its chain")) {
      return Outcome::too_large;
    }
    if (!inflate_delta(link.entry, link.header, why)) {
      return corrupt(link.entry);
    }
    if (!read_delta_sizes(m_delta.data(), m_delta.size(), sizes)) {
      why = "delta header is truncated" + at_offset(link.entry);
      return corrupt(link.entry);
    }
    if (sizes.base != base_size) {
      why = "delta expects a base of " + std::to_string(sizes.base) + " bytes, not " +
            std::to_string(base_size) + at_offset(link.entry);
      return corrupt(link.entry);
    }
    bool is_target = i == 0;
    // The delta states its result's size: refuse before allocating it.
    if (over_limit(sizes.result, is_target ? "it" : "an intermediate result of its delta chain")) {
      return Outcome::too_large;
    }
    const unsigned char* ops_end = m_delta.data() + m_delta.size();
    std::unique_ptr<unsigned char[]> result;
    unsigned char* out =
        is_target ? sink.allocate(sizes.result)
                  : (result = std::make_unique_for_overwrite<unsigned char[]>(sizes.result)).get();
    if (!apply_delta(base, base_size, sizes.ops, ops_end, out, sizes.result, why)) {
      why += at_offset(link.entry);
      return corrupt(link.entry);
    }
    if (!is_target) {
      base = out;
      base_size = sizes.result;
      if (auto kept = m_cache.add(link.entry, type, std::move(result), base_size)) {
        owned = std::move(kept);
      }
    }
  }
  return Outcome::found;
}

PackReader::Outcome PackReader::chain_type(PackEntryRef& entry, ObjectType& type,
                                           std::string& why) {
  // A bound on what header reads remember (16 bytes and a node each).
  constexpr std::size_t k_max_typed = std::size_t{1} << 22;
  auto key_of = [](PackEntryRef at) { return (std::uint64_t{at.pack} << 48) ^ at.offset; };
  m_walked.clear();
  PackEntryRef start = entry;
  for (std::size_t depth = 0; depth < k_max_chain; ++depth) {
    if (auto known = m_types.find(key_of(entry)); known != m_types.end()) {
      type = known->second;
    } else if (auto cached = m_cache.find(entry)) {
      type = cached->type;
    } else {
      EntryHeader header;
      if (Outcome parsed = parse_header(entry, header, why); parsed != Outcome::found) {
        return parsed;
      }
      if (is_delta(header.kind)) {
        if (!header.base) {
          return Outcome::not_found;
        }
        m_walked.push_back(key_of(entry));
        entry = *header.base;
        continue;
      }
      type = static_cast<ObjectType>(header.kind);
    }
    if (m_types.size() + m_walked.size() > k_max_typed) {
      m_types.clear();
    }
    for (std::uint64_t walked : m_walked) {
      m_types.emplace(walked, type);
    }
    return Outcome::found;
  }
  why = "delta chain deeper than " + std::to_string(k_max_chain) + at_offset(start);
  return Outcome::corrupt;
}

PackReader::Outcome PackReader::read_header(const ObjectId& oid, ObjectType& type,
                                            std::size_t& size, std::string& error) {
  std::optional<PackEntryRef> target = m_packs->find(oid);
  if (!target) {
    return Outcome::not_found;
  }
  std::string why;
  if (auto cached = m_cache.find(*target)) {
    type = cached->type;
    size = cached->size;
    return Outcome::found;
  }
  EntryHeader header;
  PackEntryRef entry = *target;
  Outcome typed = parse_header(entry, header, why);
  if (typed == Outcome::found && !is_delta(header.kind)) {
    type = static_cast<ObjectType>(header.kind);
    size = header.size;
    return Outcome::found;
  }
  if (typed == Outcome::found) {
    typed = chain_type(entry, type, why);
  }
  if (typed == Outcome::corrupt) {
    error = describe(oid, entry, why);
  }
  if (typed != Outcome::found) {
    return typed;
  }
  // A delta's result size is its second varint: inflate only the first bytes.
  unsigned char prefix[20];
  std::size_t want = std::min<std::size_t>(sizeof(prefix), header.size);
  DeltaSizes sizes;
  if (!inflate(*target, header, prefix, want, false, why) ||
      !read_delta_sizes(prefix, want, sizes)) {
    if (why.empty()) {
      why = "delta header is truncated" + at_offset(*target);
    }
    error = describe(oid, *target, why);
    return Outcome::corrupt;
  }
  size = sizes.result;
  return Outcome::found;
}

}  // namespace nts::gitfmt
