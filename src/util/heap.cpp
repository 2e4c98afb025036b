#include "util/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <mutex>

namespace nts::util {
namespace {

constexpr std::uintptr_t k_huge_page = std::uintptr_t{2} << 20;
constexpr std::size_t k_heap_reserve = std::size_t{16} << 20;
constexpr std::size_t k_mmap_threshold = std::size_t{1} << 20;
// A walk's main heap: one growth of this much address space, on huge pages.
constexpr std::size_t k_walk_heap = std::size_t{256} << 20;
// glibc's heaps for arenas other than the main one: reservations of this
// size, aligned to it (HEAP_MAX_SIZE: twice the largest mmap threshold).
constexpr std::uintptr_t k_arena_heap = std::uintptr_t{64} << 20;
constexpr std::size_t k_largest_mmap_threshold = k_arena_heap / 2;

std::uintptr_t program_break() {
  return reinterpret_cast<std::uintptr_t>(sbrk(0));
}

void advise_huge(std::uintptr_t from, std::uintptr_t to) {
  from = (from + k_huge_page - 1) & ~(k_huge_page - 1);
  to &= ~(k_huge_page - 1);
  if (to > from) {
    madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
  }
}

// Allocates and frees `size` bytes from the calling thread's heap rather than
// from a mapping of its own, so that the heap grows by it at once.
void grow_by(std::size_t size) {
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_largest_mmap_threshold));
  // (volatile: a malloc freed unused may otherwise be left out)
  void* volatile block = std::malloc(size);
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_mmap_threshold));
  std::free(block);
}

}  // namespace

void prefer_huge_heap_pages() {
  // The heap grows 16 MiB at a time and is never trimmed (a huge page only
  // forms in an aligned 2 MiB range that stays mapped); buffers up to 1 MiB
  // come from it too, rather than from mappings of their own that are faulted
  // in page by page and unmapped when freed.
  mallopt(M_TOP_PAD, static_cast<int>(k_heap_reserve));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(4 * k_heap_reserve));
  auto brk_now = program_break();
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
  advise_huge(aligned, program_break());
}

void prefer_huge_pages_for_walk() {
  if (::gettid() != ::getpid()) {
    return;  // another thread allocates from an arena of its own, not the main heap
  }
  static std::once_flag once;
  std::call_once(once, [] {
    // The kernel maps each growth of the heap anew, without the advice given
    // to the part before it: one growth of 256 MiB of address space (memory
    // only once touched), advised, and kept (never trimmed below 512 MiB).
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * k_walk_heap));
    mallopt(M_TOP_PAD, static_cast<int>(k_walk_heap));
    const std::uintptr_t before = program_break();
    const std::size_t top_free = mallinfo2().keepcost;
    if (top_free + 64 < k_largest_mmap_threshold) {
      grow_by(top_free + 64);
    }
    mallopt(M_TOP_PAD, static_cast<int>(k_heap_reserve));
    advise_huge(before, program_break());
  });
}

void prefer_huge_thread_heap_pages() {
  void* volatile probe = std::malloc(64);
  const auto address = reinterpret_cast<std::uintptr_t>(probe);
  std::free(probe);
  if (probe == nullptr || address < program_break()) {
    return;  // the main arena, below the program break
  }
  // The whole reservation on huge pages, and all of it writable at once:
  // glibc grows such a heap a page at a time (an mprotect and a 4 KiB fault
  // each, and never a huge page, which needs a whole 2 MiB range writable).
  // Two blocks just under the largest mmap threshold, freed, leave it grown:
  // an arena's heap is not trimmed while its free top is under the trim
  // threshold. (glibc.malloc.hugetlb=1 advises the same, but only from the
  // environment the program starts with.)
  madvise(reinterpret_cast<void*>(address & ~(k_arena_heap - 1)), k_arena_heap, MADV_HUGEPAGE);
  constexpr std::size_t k_block = k_largest_mmap_threshold - (std::size_t{4} << 20);
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_largest_mmap_threshold));
  void* volatile first = std::malloc(k_block);
  void* volatile second = std::malloc(k_block);
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_mmap_threshold));
  std::free(second);
  std::free(first);
}

}  // namespace nts::util
