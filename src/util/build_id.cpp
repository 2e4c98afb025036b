#include "util/build_id.hpp"

#include <elf.h>
#include <link.h>

#include <cstring>

namespace nts::util {
namespace {

// The note's name is "GNU\0"; name and description are padded to 4 bytes.
int find_build_id(dl_phdr_info* info, std::size_t, void* data) {
  auto* out = static_cast<std::string*>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& header = info->dlpi_phdr[i];
    if (header.p_type != PT_NOTE) {
      continue;
    }
    const char* at = reinterpret_cast<const char*>(info->dlpi_addr + header.p_vaddr);
    const char* end = at + header.p_memsz;
    while (at + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof(note));
      const char* name = at + sizeof(note);
      const char* desc = name + ((note.n_namesz + 3) & ~3U);
      const char* next = desc + ((note.n_descsz + 3) & ~3U);
      if (next > end) {
        break;
      }
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
          std::memcmp(name, "GNU", 4) == 0) {
        static constexpr char k_digits[] = "0123456789abcdef";
        for (std::size_t b = 0; b < note.n_descsz; ++b) {
          auto byte = static_cast<unsigned char>(desc[b]);
          out->push_back(k_digits[byte >> 4]);
          out->push_back(k_digits[byte & 15]);
        }
        return 1;
      }
      at = next;
    }
  }
  return 1;  // only the first object, the executable itself
}

}  // namespace

const std::string& build_id() {
  static const std::string id = [] {
    std::string out;
    dl_iterate_phdr(find_build_id, &out);
    return out;
  }();
  return id;
}

}  // namespace nts::util
