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
// The main heap's first growth, all on huge pages: the kernel gives a later
// growth of the heap a mapping of its own, without the huge-page advice.
constexpr std::size_t k_first_heap = std::size_t{256} << 20;
constexpr std::size_t k_mmap_threshold = std::size_t{1} << 20;
// glibc's heaps for arenas other than the main one: reservations of this
// size, aligned to it (HEAP_MAX_SIZE: twice the largest mmap threshold).
constexpr std::uintptr_t k_arena_heap = std::uintptr_t{64} << 20;

}  // namespace

void prefer_huge_heap_pages() {
  // The heap's first growth reserves 256 MiB (address space only: a page
  // costs memory once touched), later ones 16 MiB, and it is never trimmed
  // below that (a huge page only forms in an aligned 2 MiB range that stays
  // mapped); buffers up to 1 MiB come from it too, rather than from mappings
  // of their own that are faulted in page by page and unmapped when freed.
  mallopt(M_TOP_PAD, static_cast<int>(k_first_heap));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(k_first_heap));
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
  mallopt(M_TOP_PAD, static_cast<int>(k_heap_reserve));
  auto heap_end = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(k_huge_page - 1);
  if (heap_end > aligned) {
    madvise(reinterpret_cast<void*>(aligned), heap_end - aligned, MADV_HUGEPAGE);
  }
}

void prefer_huge_thread_heap_pages() {
  void* volatile probe = std::malloc(64);
  const auto address = reinterpret_cast<std::uintptr_t>(probe);
  std::free(probe);
  if (probe == nullptr || address < reinterpret_cast<std::uintptr_t>(sbrk(0))) {
    return;  // the main arena, below the program break: prefer_huge_heap_pages() covered it
  }
  // The whole reservation on huge pages, and all of it writable at once:
  // glibc grows such a heap a page at a time (an mprotect and a 4 KiB fault
  // each, and never a huge page, which needs a whole 2 MiB range writable).
  // Two blocks just under the largest mmap threshold, freed at once, leave
  // it grown: its heap is never trimmed below the trim threshold.
  // (glibc.malloc.hugetlb=1 advises the same, but only from the environment
  // the program starts with.)
  madvise(reinterpret_cast<void*>(address & ~(k_arena_heap - 1)), k_arena_heap, MADV_HUGEPAGE);
  constexpr std::size_t k_block = (k_arena_heap / 2) - (std::size_t{4} << 20);
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_arena_heap / 2));
  // (volatile: a malloc freed unused may otherwise be left out)
  void* volatile first = std::malloc(k_block);
  void* volatile second = std::malloc(k_block);
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_mmap_threshold));
  std::free(second);
  std::free(first);
}

}  // namespace nts::util
