#include "git/index_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace nts::git {
namespace {

constexpr std::size_t k_oid_size = 20;
constexpr std::uint16_t k_flag_extended = 0x4000;
constexpr std::uint16_t k_flag_stage = 0x3000;
constexpr std::uint16_t k_ext_intent_to_add = 0x2000;
constexpr std::uint16_t k_name_mask = 0x0fff;

std::uint32_t read_u32(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         std::uint32_t{b[3]};
}
std::uint16_t read_u16(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return static_cast<std::uint16_t>((b[0] << 8) | b[1]);
}

// Parses one cache-tree node and its subtrees (pre-order); false when malformed.
bool parse_tree(const char*& p, const char* end, CacheTree& node) {
  const char* nul =
      static_cast<const char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
  if (nul == nullptr) {
    return false;
  }
  node.name = std::string_view(p, static_cast<std::size_t>(nul - p));
  p = nul + 1;
  char* after = nullptr;
  long entries = std::strtol(p, &after, 10);
  if (after == p || after >= end || *after != ' ') {
    return false;
  }
  p = after + 1;
  long subtrees = std::strtol(p, &after, 10);
  if (after == p || after >= end || *after != '\n' || subtrees < 0) {
    return false;
  }
  p = after + 1;
  if (entries >= 0) {
    if (end - p < static_cast<std::ptrdiff_t>(k_oid_size)) {
      return false;
    }
    node.valid = true;
    std::memcpy(node.oid.id, p, k_oid_size);
    p += k_oid_size;
  }
  node.children.resize(static_cast<std::size_t>(subtrees));
  for (CacheTree& child : node.children) {
    if (!parse_tree(p, end, child)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view IndexFile::path(std::size_t i) const {
  const char* name = m_data + m_offsets[i] + m_name_offsets[i];
  return std::string_view(name);  // NUL-terminated, checked on load
}

IndexEntry IndexFile::entry(std::size_t i) const {
  const char* p = m_data + m_offsets[i];
  IndexEntry out;
  out.path = path(i);
  std::memcpy(out.oid.id, p + 40, k_oid_size);
  out.mode = read_u32(p + 24);
  return out;
}

const CacheTree* CacheTree::child(std::string_view child_name) const {
  for (const CacheTree& node : children) {
    if (node.name == child_name) {
      return &node;
    }
  }
  return nullptr;
}

IndexFile::IndexFile(IndexFile&& other) noexcept
    : m_data(other.m_data),
      m_size(other.m_size),
      m_offsets(std::move(other.m_offsets)),
      m_name_offsets(std::move(other.m_name_offsets)),
      m_root(std::move(other.m_root)) {
  other.m_data = nullptr;
}

IndexFile::~IndexFile() {
  if (m_data != nullptr) {
    ::munmap(const_cast<char*>(m_data), m_size);
  }
}

std::optional<IndexFile> IndexFile::load(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || info.st_size < 12 + static_cast<off_t>(k_oid_size)) {
    ::close(fd);
    return std::nullopt;
  }
  auto size = static_cast<std::size_t>(info.st_size);
  // Populated up front: one fault per page would cost more than the parse.
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) {
    return std::nullopt;
  }
  IndexFile index;
  index.m_data = static_cast<const char*>(mapped);
  index.m_size = size;
  const char* data = index.m_data;
  const char* end = data + size - k_oid_size;  // the trailing checksum
  std::uint32_t version = read_u32(data + 4);
  if (std::memcmp(data, "DIRC", 4) != 0 || (version != 2 && version != 3)) {
    return std::nullopt;
  }
  std::uint32_t count = read_u32(data + 8);
  if (size > UINT32_MAX) {
    return std::nullopt;
  }
  index.m_offsets.reserve(count);
  index.m_name_offsets.reserve(count);
  const char* p = data + 12;
  for (std::uint32_t i = 0; i < count; ++i) {
    constexpr std::size_t k_fixed = 62;  // stat data, mode, ids, oid, flags
    if (end - p < static_cast<std::ptrdiff_t>(k_fixed + 2)) {
      return std::nullopt;
    }
    std::uint16_t flags = read_u16(p + 60);
    std::size_t header = k_fixed;
    bool intent_to_add = false;
    if ((flags & k_flag_extended) != 0) {
      intent_to_add = (read_u16(p + 62) & k_ext_intent_to_add) != 0;
      header += 2;
    }
    if ((flags & k_flag_stage) != 0) {
      return std::nullopt;  // unmerged paths: leave the merge state to libgit2
    }
    if (read_u32(p + 24) == 040000) {
      return std::nullopt;  // a sparse index's directory entry
    }
    const char* name = p + header;
    std::size_t name_length = flags & k_name_mask;
    if (name_length == k_name_mask) {  // 4095 or longer: only the NUL tells
      const char* nul =
          static_cast<const char*>(std::memchr(name, '\0', static_cast<std::size_t>(end - name)));
      if (nul == nullptr) {
        return std::nullopt;
      }
      name_length = static_cast<std::size_t>(nul - name);
    }
    if (static_cast<std::size_t>(end - name) <= name_length || name[name_length] != '\0') {
      return std::nullopt;
    }
    if (!intent_to_add) {
      index.m_offsets.push_back(static_cast<std::uint32_t>(p - data));
      index.m_name_offsets.push_back(static_cast<std::uint16_t>(header));
    }
    p += (header + name_length + 8) & ~std::size_t{7};  // 1 to 8 NULs pad to a multiple of 8
  }
  bool have_tree = false;
  while (end - p >= 8) {
    std::uint32_t ext_size = read_u32(p + 4);
    const char* body = p + 8;
    if (static_cast<std::size_t>(end - body) < ext_size) {
      return std::nullopt;
    }
    if (std::memcmp(p, "link", 4) == 0 || std::memcmp(p, "sdir", 4) == 0) {
      return std::nullopt;  // split or sparse index
    }
    if (std::memcmp(p, "TREE", 4) == 0 && ext_size > 0) {
      const char* cursor = body;
      have_tree = parse_tree(cursor, body + ext_size, index.m_root);
    }
    p = body + ext_size;
  }
  if (!have_tree) {
    return std::nullopt;
  }
  return index;
}

}  // namespace nts::git
