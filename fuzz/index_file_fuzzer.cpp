// `.git/index` through the production IndexFile (the pre-commit hook's
// reader: entries, directories, the cache-tree extension), from memory.
#include <string_view>

#include "fuzz/fuzz_target.hpp"
#include "gitfmt/index_file.hpp"

namespace {

std::size_t count_nodes(const nts::gitfmt::CacheTree& node) {
  std::size_t total = 1;
  for (const auto& child : node.children) {
    total += count_nodes(child);
  }
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto index =
      nts::gitfmt::IndexFile::parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!index) {
    return 0;
  }
  auto entries = index->read_entries(0, index->size());
  for (const auto& directory : index->directories()) {
    if (directory.begin < directory.end && directory.end <= index->size()) {
      (void)index->read_entries(directory.begin, directory.end);
    }
  }
  (void)count_nodes(index->cache_tree());
  (void)entries;
  return 0;
}
