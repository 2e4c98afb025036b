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

 private:
  MappedFile(const unsigned char* data, std::size_t size) : m_data(data), m_size(size) {}
  const unsigned char* m_data;
  std::size_t m_size;
};

}  // namespace nts::gitfmt
