#include "gitfmt/index_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace nts::gitfmt {
namespace {

constexpr std::size_t k_fixed = 62;  // stat data, mode, ids, oid, flags
constexpr std::uint16_t k_flag_extended = 0x4000;
constexpr std::uint16_t k_flag_stage = 0x3000;
constexpr std::uint16_t k_ext_intent_to_add = 0x2000;
constexpr std::uint16_t k_name_mask = 0x0fff;
constexpr std::size_t k_buffer_size = std::size_t{256} << 10;

std::uint32_t read_u32(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         std::uint32_t{b[3]};
}
std::uint16_t read_u16(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return static_cast<std::uint16_t>((b[0] << 8) | b[1]);
}

// Reads a decimal number ended by `terminator`, within [p, end): the
// extension is not NUL-terminated, so strtol could read past it.
bool parse_count(const char*& p, const char* end, char terminator, long& out) {
  auto [after, error] = std::from_chars(p, end, out);
  if (error != std::errc() || after == end || *after != terminator) {
    return false;
  }
  p = after + 1;
  return true;
}

// A cache tree deeper than this is malformed (git paths are not this deep),
// and stopping keeps a hostile index from exhausting the stack.
constexpr int k_max_cache_tree_depth = 4096;

// Parses one cache-tree node and its subtrees (pre-order); false when malformed.
bool parse_tree(const char*& p, const char* end, CacheTree& node, int depth = 0) {
  const char* nul =
      static_cast<const char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
  if (nul == nullptr || depth > k_max_cache_tree_depth) {
    return false;
  }
  node.name = std::string_view(p, static_cast<std::size_t>(nul - p));
  p = nul + 1;
  long entries = 0;
  long subtrees = 0;
  if (!parse_count(p, end, ' ', entries) || !parse_count(p, end, '\n', subtrees) || subtrees < 0 ||
      subtrees > end - p) {  // a subtree takes several bytes at the least
    return false;
  }
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
    if (!parse_tree(p, end, child, depth + 1)) {
      return false;
    }
  }
  return true;
}

// Keeps IndexFile::directories() while the sorted paths go by: a directory's
// entries are contiguous, so it opens at its first entry and closes at the
// first entry outside it.
class DirectoryTracker {
 public:
  explicit DirectoryTracker(std::vector<IndexDirectory>& out) : m_out(out) {
    m_out.assign(1, IndexDirectory{});
    m_open.assign(1, 0);
  }

  void add(std::string_view path, std::uint32_t index) {
    while (m_open.size() > 1 && path.substr(0, m_out[m_open.back()].path.size()) !=
                                    std::string_view(m_out[m_open.back()].path)) {
      m_out[m_open.back()].end = index;
      m_open.pop_back();
    }
    std::size_t from = m_out[m_open.back()].path.size();
    for (std::size_t slash = path.find('/', from); slash != std::string_view::npos;
         slash = path.find('/', slash + 1)) {
      auto child = static_cast<std::uint32_t>(m_out.size());
      m_out.push_back(IndexDirectory{std::string(path.substr(0, slash + 1)), index, 0, {}});
      m_out[m_open.back()].children.push_back(child);
      m_open.push_back(child);
    }
  }

  void finish(std::uint32_t count) {
    for (std::uint32_t open : m_open) {
      m_out[open].end = count;
    }
  }

 private:
  std::vector<IndexDirectory>& m_out;
  std::vector<std::uint32_t> m_open;  // the directories holding the last path, root first
};

}  // namespace

// Where the index's bytes come from: the file, read with pread through a
// small buffer (never mapped: see the header), or memory (fuzzers, tests).
class IndexFile::Bytes {
 public:
  virtual ~Bytes() = default;
  virtual std::uint64_t size() const = 0;
  // Up to `n` bytes at `offset` into `out`: the count, 0 at the end, -1 on an error.
  virtual ssize_t read_some(std::uint64_t offset, char* out, std::size_t n) const = 0;

  // Exactly `n` bytes at `offset` into `out`, retrying short reads.
  template <typename Buffer>
  bool read_at(std::uint64_t offset, std::size_t n, Buffer& out) const {
    out.resize(n);
    std::size_t got = 0;
    while (got < n) {
      ssize_t count = read_some(offset + got, out.data() + got, n - got);
      if (count <= 0) {
        return false;
      }
      got += static_cast<std::size_t>(count);
    }
    return true;
  }
};

class IndexFile::FileBytes final : public IndexFile::Bytes {
 public:
  FileBytes(int fd, std::uint64_t size) : m_fd(fd), m_size(size) {}
  ~FileBytes() override { ::close(m_fd); }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  std::uint64_t size() const override { return m_size; }
  ssize_t read_some(std::uint64_t offset, char* out, std::size_t n) const override {
    while (true) {
      ssize_t got = ::pread(m_fd, out, n, static_cast<off_t>(offset));
      if (got >= 0 || errno != EINTR) {
        return got;
      }
    }
  }

 private:
  int m_fd;
  std::uint64_t m_size;
};

class IndexFile::MemoryBytes final : public IndexFile::Bytes {
 public:
  explicit MemoryBytes(std::string_view bytes) : m_bytes(bytes) {}
  std::uint64_t size() const override { return m_bytes.size(); }
  ssize_t read_some(std::uint64_t offset, char* out, std::size_t n) const override {
    if (offset >= m_bytes.size()) {
      return 0;
    }
    std::size_t count = std::min<std::size_t>(n, m_bytes.size() - offset);
    std::memcpy(out, m_bytes.data() + offset, count);
    return static_cast<ssize_t>(count);
  }

 private:
  std::string_view m_bytes;
};

// The index front to back through one buffer.
class IndexFile::Reader {
 public:
  explicit Reader(const Bytes& bytes) : m_bytes(bytes), m_buffer(k_buffer_size, '\0') {}

  // At least `n` bytes at data(); false if the file ends sooner or fails.
  bool ensure(std::size_t n) {
    if (m_end - m_pos >= n) {
      return true;
    }
    if (n > m_buffer.size()) {
      return false;
    }
    std::memmove(m_buffer.data(), m_buffer.data() + m_pos, m_end - m_pos);
    m_base += m_pos;
    m_end -= m_pos;
    m_pos = 0;
    while (m_end < n) {
      ssize_t got =
          m_bytes.read_some(m_base + m_end, m_buffer.data() + m_end, m_buffer.size() - m_end);
      if (got <= 0) {
        return false;
      }
      m_end += static_cast<std::size_t>(got);
    }
    return true;
  }

  const char* data() const { return m_buffer.data() + m_pos; }
  std::size_t available() const { return m_end - m_pos; }
  std::uint64_t position() const { return m_base + m_pos; }

  void skip(std::uint64_t n) {
    if (n <= m_end - m_pos) {
      m_pos += static_cast<std::size_t>(n);
      return;
    }
    m_base = position() + n;
    m_pos = m_end = 0;
  }

 private:
  const Bytes& m_bytes;
  std::string m_buffer;
  std::size_t m_pos = 0;     // next byte to hand out
  std::size_t m_end = 0;     // bytes filled
  std::uint64_t m_base = 0;  // offset of m_buffer[0]
};

const CacheTree* CacheTree::child(std::string_view child_name) const {
  for (const CacheTree& node : children) {
    if (node.name == child_name) {
      return &node;
    }
  }
  return nullptr;
}

IndexFile::IndexFile(IndexFile&& other) noexcept
    : m_bytes(std::move(other.m_bytes)),
      m_entries(std::move(other.m_entries)),
      m_directories(std::move(other.m_directories)),
      m_tree_extension(std::move(other.m_tree_extension)),
      m_root(std::move(other.m_root)) {
  // m_root's names point into the moved vector's heap buffer: still valid
}

IndexFile::~IndexFile() = default;

std::optional<std::vector<IndexEntry>> IndexFile::read_entries(std::size_t begin,
                                                               std::size_t end) const {
  std::vector<IndexEntry> out;
  if (begin >= end) {
    return out;
  }
  std::uint64_t first = m_entries[begin].offset;
  std::uint64_t last = std::uint64_t{m_entries[end - 1].offset} + m_entries[end - 1].length;
  std::string bytes;
  if (!m_bytes->read_at(first, static_cast<std::size_t>(last - first), bytes)) {
    return std::nullopt;
  }
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    const char* p = bytes.data() + (m_entries[i].offset - first);
    IndexEntry entry;
    entry.path = std::string(p + m_entries[i].header);  // NUL-terminated, checked on load
    std::memcpy(entry.oid.id, p + 40, k_oid_size);
    entry.mode = read_u32(p + 24);
    out.push_back(std::move(entry));
  }
  return out;
}

std::optional<IndexFile> IndexFile::load(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || info.st_size < 0) {
    ::close(fd);
    return std::nullopt;
  }
  return read(std::make_unique<FileBytes>(fd, static_cast<std::uint64_t>(info.st_size)));
}

std::optional<IndexFile> IndexFile::parse(std::string_view bytes) {
  return read(std::make_unique<MemoryBytes>(bytes));
}

std::optional<IndexFile> IndexFile::read(std::unique_ptr<const Bytes> bytes) {
  IndexFile index;
  std::uint64_t file_size = bytes->size();
  index.m_bytes = std::move(bytes);
  if (file_size < 12 + k_oid_size || file_size > UINT32_MAX) {
    return std::nullopt;
  }
  // Entries and extensions end where the trailing checksum begins.
  const std::uint64_t body_end = file_size - k_oid_size;
  Reader in(*index.m_bytes);
  if (!in.ensure(12)) {
    return std::nullopt;
  }
  std::uint32_t version = read_u32(in.data() + 4);
  if (std::memcmp(in.data(), "DIRC", 4) != 0 || (version != 2 && version != 3)) {
    return std::nullopt;
  }
  std::uint32_t count = read_u32(in.data() + 8);
  in.skip(12);
  // An entry takes at least 64 bytes (62 fixed, a name, NUL padding to 8): a
  // count the file cannot hold is corruption, found before it is reserved.
  if (count > (body_end - 12) / 64) {
    return std::nullopt;
  }
  index.m_entries.reserve(count);
  DirectoryTracker directories(index.m_directories);
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!in.ensure(k_fixed + 2) || in.position() + k_fixed + 2 > body_end) {
      return std::nullopt;
    }
    const char* p = in.data();
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
    std::size_t name_length = flags & k_name_mask;
    if (name_length == k_name_mask) {  // 4095 or longer: only the NUL tells
      in.ensure(std::min<std::size_t>(k_buffer_size, body_end - in.position()));
      p = in.data();
      const char* nul = static_cast<const char*>(
          std::memchr(p + header, '\0', in.available() - std::min(in.available(), header)));
      if (nul == nullptr) {
        return std::nullopt;
      }
      name_length = static_cast<std::size_t>(nul - (p + header));
    }
    std::size_t length = (header + name_length + 8) & ~std::size_t{7};  // 1-8 NULs pad to 8
    if (length > UINT16_MAX || !in.ensure(length) || in.position() + length > body_end) {
      return std::nullopt;
    }
    p = in.data();
    if (p[header + name_length] != '\0') {
      return std::nullopt;
    }
    if (!intent_to_add) {
      auto at = static_cast<std::uint32_t>(index.m_entries.size());
      directories.add(std::string_view(p + header, name_length), at);
      index.m_entries.push_back({static_cast<std::uint32_t>(in.position()),
                                 static_cast<std::uint16_t>(length),
                                 static_cast<std::uint16_t>(header)});
    }
    in.skip(length);
  }
  directories.finish(static_cast<std::uint32_t>(index.m_entries.size()));

  bool have_tree = false;
  while (in.position() + 8 <= body_end) {
    if (!in.ensure(8)) {
      return std::nullopt;
    }
    std::string signature(in.data(), 4);
    std::uint32_t ext_size = read_u32(in.data() + 4);
    in.skip(8);
    if (ext_size > body_end - in.position()) {
      return std::nullopt;
    }
    if (signature == "link" || signature == "sdir") {
      return std::nullopt;  // split or sparse index
    }
    if (signature == "TREE" && ext_size > 0) {
      if (!index.m_bytes->read_at(in.position(), ext_size, index.m_tree_extension)) {
        return std::nullopt;
      }
      const char* cursor = index.m_tree_extension.data();
      have_tree = parse_tree(cursor, cursor + ext_size, index.m_root);
    }
    in.skip(ext_size);
  }
  if (!have_tree) {
    return std::nullopt;
  }
  return index;
}

}  // namespace nts::gitfmt
