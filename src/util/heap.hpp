#pragma once

namespace nts::util {

// Asks for the main heap to be backed by transparent huge pages where the
// kernel allows it (THP "always" or "madvise"). On virtual machines a first
// touch of a 4 KiB page can cost 10-20 microseconds; a scan that grows its
// heap by a few MiB (the pre-commit hook: libgit2's zlib states, RE2's
// programs) spends more time in those faults than in its own work. Call once,
// first thing in main, before any thread starts. Never fails: without THP it
// only pads the heap's growth.
void prefer_huge_heap_pages();

// For the history and range walks, which allocate hundreds of MiB over a
// second or more: the rest of the main heap on huge pages too. glibc grows
// the heap 16 MiB at a time and the kernel maps each growth anew, without
// the advice; a range scan took 8,000 page faults there. Grows the heap by
// 256 MiB of address space at once, advised, and keeps it (a walk's memory
// is not given back until the process ends). Once per process, and only on
// the main thread (other threads allocate from arenas of their own). Not
// for everything: a sparse use of a huge page costs 2 MiB of memory, and an
// org batch doubled its peak RSS with every heap on huge pages.
void prefer_huge_pages_for_walk();

// The same for the calling thread's heap, when glibc gave the thread an arena
// of its own (a thread that allocates while another holds the main arena gets
// one), which glibc grows a page at a time (a range scan's tree thread took
// 15,000 page faults there). For a walk's threads, first thing.
void prefer_huge_thread_heap_pages();

}  // namespace nts::util
