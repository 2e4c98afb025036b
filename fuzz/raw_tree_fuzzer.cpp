// Raw tree objects through the production RawTreeReader and the tree-order
// comparison the history walk merges with, from memory.
#include <string_view>

#include "fuzz/fuzz_target.hpp"
#include "gitfmt/raw_tree.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nts::gitfmt;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  RawTreeReader reader(bytes);
  RawTreeEntry previous;
  RawTreeEntry entry;
  bool have_previous = false;
  while (reader.next(entry)) {
    (void)entry.type();
    (void)entry.is_symlink();
    if (have_previous) {
      (void)compare_tree_entries(previous, entry);
    }
    previous = entry;
    have_previous = true;
  }
  (void)reader.malformed();
  return 0;
}
