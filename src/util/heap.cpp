#include "util/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace nts::util {
namespace {

constexpr std::uintptr_t k_huge_page = std::uintptr_t{2} << 20;
constexpr std::size_t k_heap_reserve = std::size_t{16} << 20;
constexpr std::size_t k_mmap_threshold = std::size_t{1} << 20;

}  // namespace

void prefer_huge_heap_pages() {
  // The heap grows 16 MiB at a time and is never trimmed (a huge page only
  // forms in an aligned 2 MiB range that stays mapped); buffers up to 1 MiB
  // come from it too, rather than from mappings of their own that are faulted
  // in page by page and unmapped when freed.
  mallopt(M_TOP_PAD, static_cast<int>(k_heap_reserve));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(4 * k_heap_reserve));
  auto brk_now = reinterpret_cast<std::uintptr_t>(sbrk(0));
  std::uintptr_t aligned = (brk_now + k_huge_page - 1) & ~(k_huge_page - 1);
  // A block that is never freed nor touched (so it costs no memory) spans the
  // free top of the heap up to the first 2 MiB boundary: later allocations
  // then come from the range that can be huge.
  std::size_t top_free = mallinfo2().keepcost;
  std::size_t spacer_size = top_free + (aligned - brk_now);
  // (up to 2 MiB: above the mmap threshold until that is raised below)
  [[maybe_unused]] static void* volatile spacer = nullptr;  // volatile: keep the allocation
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_huge_page * 2));
  spacer = std::malloc(spacer_size > 64 ? spacer_size - 64 : 1);
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_mmap_threshold));
  auto heap_end = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(k_huge_page - 1);
  if (heap_end > aligned) {
    madvise(reinterpret_cast<void*>(aligned), heap_end - aligned, MADV_HUGEPAGE);
  }
}

}  // namespace nts::util
