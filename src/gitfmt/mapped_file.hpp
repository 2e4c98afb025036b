#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace nts::gitfmt {

// A read-only memory map of a whole file: how packs and their indexes reach
// the readers here, which themselves only ever see byte spans.
class MappedFile {
 public:
  static core::Result<MappedFile> open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {reinterpret_cast<const char*>(m_data), m_size}; }
  // Drops the pages read so far from this process's resident set: they stay
  // in the page cache, and the next read of one maps it again (a minor page
  // fault). Safe at any time, from any thread: the mapping is read-only and
  // private, so what is read back is the file's bytes, as before.
  void release_resident() const;

 private:
  MappedFile(const unsigned char* data, std::size_t size) : m_data(data), m_size(size) {}
  const unsigned char* m_data;
  std::size_t m_size;
};

}  // namespace nts::gitfmt
