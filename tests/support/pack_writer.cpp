#include "tests/support/pack_writer.hpp"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace nts::test {
namespace {

constexpr int k_ofs_delta = 6;
constexpr std::size_t k_header = 12;
const std::string k_trailer(20, '\x5a');  // the "pack checksum", copied into the index

void put_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

std::string raw_id(const std::string& hex) {
  if (hex.size() != 40) {
    throw std::runtime_error("pack_writer: not an object id: " + hex);
  }
  std::string out;
  for (std::size_t i = 0; i < 40; i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string entry_header(int kind, std::uint64_t size) {
  std::string out;
  unsigned char first = static_cast<unsigned char>((kind << 4) | (size & 15));
  size >>= 4;
  while (true) {
    out.push_back(static_cast<char>(first | (size != 0 ? 0x80 : 0)));
    if (size == 0) {
      return out;
    }
    first = static_cast<unsigned char>(size & 0x7f);
    size >>= 7;
  }
}

std::string varint(std::uint64_t n) {
  std::string out;
  do {
    unsigned char byte = n & 0x7f;
    n >>= 7;
    out.push_back(static_cast<char>(byte | (n != 0 ? 0x80 : 0)));
  } while (n != 0);
  return out;
}

// git's offset encoding for an OFS delta's base distance.
std::string ofs_distance(std::uint64_t distance) {
  std::string out(1, static_cast<char>(distance & 0x7f));
  while ((distance >>= 7) != 0) {
    --distance;
    out.insert(out.begin(), static_cast<char>(0x80 | (distance & 0x7f)));
  }
  return out;
}

std::string deflate(std::string_view bytes) {
  uLongf size = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uLong>(bytes.size()),
                9) != Z_OK) {
    throw std::runtime_error("pack_writer: zlib failed");
  }
  out.resize(size);
  return out;
}

}  // namespace

std::uint64_t PackWriter::add_object(int type, std::string_view content, const std::string& id) {
  std::uint64_t offset = k_header + m_body.size();
  m_body += entry_header(type, content.size()) + deflate(content);
  m_entries.push_back({raw_id(id), offset});
  return offset;
}

std::uint64_t PackWriter::add_ofs_delta(std::uint64_t base_offset, std::string_view delta,
                                        const std::string& id) {
  std::uint64_t offset = k_header + m_body.size();
  m_body +=
      entry_header(k_ofs_delta, delta.size()) + ofs_distance(offset - base_offset) + deflate(delta);
  m_entries.push_back({raw_id(id), offset});
  return offset;
}

std::string PackWriter::pack_bytes() const {
  std::string out = "PACK";
  put_be32(out, 2);
  put_be32(out, static_cast<std::uint32_t>(m_entries.size()));
  return out + m_body + k_trailer;
}

std::string PackWriter::idx_bytes() const {
  std::vector<Entry> sorted = m_entries;
  std::sort(sorted.begin(), sorted.end(),
            [](const Entry& a, const Entry& b) { return a.id < b.id; });
  std::string out = "\377tOc";
  put_be32(out, 2);
  for (unsigned first = 0; first < 256; ++first) {
    auto below = std::count_if(sorted.begin(), sorted.end(), [&](const Entry& e) {
      return static_cast<unsigned char>(e.id[0]) <= first;
    });
    put_be32(out, static_cast<std::uint32_t>(below));
  }
  for (const Entry& entry : sorted) {
    out += entry.id;
  }
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    put_be32(out, 0);  // CRC32s: neither git's readers nor ours check them on read
  }
  for (const Entry& entry : sorted) {
    put_be32(out, static_cast<std::uint32_t>(entry.offset));
  }
  return out + k_trailer + std::string(20, '\0');
}

void PackWriter::install(const std::string& gitdir, const std::string& name) const {
  std::filesystem::path dir = std::filesystem::path(gitdir) / "objects" / "pack";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / ("pack-" + name + ".pack"), std::ios::binary) << pack_bytes();
  std::ofstream(dir / ("pack-" + name + ".idx"), std::ios::binary) << idx_bytes();
}

std::string PackWriter::delta_header(std::uint64_t base_size, std::uint64_t result_size) {
  return varint(base_size) + varint(result_size);
}

std::string PackWriter::copy_op(std::uint64_t offset, std::uint64_t length) {
  unsigned char op = 0x80;
  std::string args;
  for (unsigned i = 0; i < 4; ++i) {
    if (auto byte = (offset >> (8 * i)) & 0xff; byte != 0) {
      op |= static_cast<unsigned char>(1u << i);
      args.push_back(static_cast<char>(byte));
    }
  }
  for (unsigned i = 0; i < 3; ++i) {
    if (auto byte = (length >> (8 * i)) & 0xff; byte != 0) {
      op |= static_cast<unsigned char>(1u << (4 + i));
      args.push_back(static_cast<char>(byte));
    }
  }
  return std::string(1, static_cast<char>(op)) + args;
}

std::string PackWriter::insert_op(std::string_view bytes) {
  if (bytes.empty() || bytes.size() > 127) {
    throw std::runtime_error("pack_writer: an insert holds 1-127 bytes");
  }
  return std::string(1, static_cast<char>(bytes.size())) + std::string(bytes);
}

std::string PackWriter::repeat_delta(std::uint64_t base_size, std::uint64_t result_size) {
  std::string out = delta_header(base_size, result_size);
  std::string op = copy_op(0, base_size);
  for (std::uint64_t done = 0; done < result_size; done += base_size) {
    out += op;
  }
  return out;
}

std::string fake_id(unsigned n) {
  char hex[9];
  std::snprintf(hex, sizeof(hex), "%08x", n);
  return std::string(32, 'f') + hex;
}

}  // namespace nts::test
