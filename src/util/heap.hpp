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

// The same for the calling thread's heap, when glibc gave the thread an arena
// of its own: a thread that allocates while another holds the main arena
// gets one, grown a page at a time (a range scan's tree thread took 15,000
// page faults there). Called as each worker thread starts.
void prefer_huge_thread_heap_pages();

}  // namespace nts::util
