#pragma once

#include <git2.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "git/blob_source.hpp"
#include "git/handle.hpp"
#include "gitfmt/pack_index.hpp"
#include "util/workers.hpp"

namespace nts::git {

// One blob to read and visit: its id plus what the visitor is told about it.
struct BlobJob {
  git_oid oid;
  BlobToScan info;  // content is filled in by the pool
};

// Reads blobs and hands them to the visitor on `jobs` threads (on the calling
// thread when jobs is 0). Each thread opens its own handle on the repository,
// because libgit2 objects must not be shared between threads. The queue is
// bounded, so a producer walking a huge history never holds more than a few
// thousand pending blob ids, and never any blob content.
class BlobPool {
 public:
  BlobPool(const Repository& repo, const SourceOptions& options, const BlobVisitor& visit,
           unsigned jobs);
  ~BlobPool();
  BlobPool(const BlobPool&) = delete;
  BlobPool& operator=(const BlobPool&) = delete;

  // Before start(): each thread's handle reads these packs with a PackReader
  // of its own (see pack_backend.hpp) holding up to `cache_bytes` of bases and
  // refusing objects (and delta results) over `max_object_bytes`.
  void read_packs_with(std::shared_ptr<const gitfmt::PackSet> packs, std::size_t cache_bytes,
                       std::size_t max_object_bytes);
  // Before start(): each thread's heap on huge pages
  // (util::prefer_huge_thread_heap_pages), for a long walk.
  void use_huge_heaps() { m_huge_heaps = true; }
  // Opens the per-thread handles and starts the threads.
  core::Status start();
  // Queues a blob; blocks while the queue is full.
  void push(BlobJob job);
  // Waits for every queued blob and adds the tallies and issues to `result`.
  void finish(SourceResult& result);

 private:
  struct Tally {
    std::vector<core::ScanIssue> issues;
    std::size_t blobs = 0;
    std::size_t bytes = 0;
  };
  void process(git_odb* odb, BlobJob& job, Tally& tally) const;
  void flush_batch();
  void run(unsigned worker);

  std::string m_gitdir;
  const SourceOptions& m_options;
  const BlobVisitor& m_visit;
  unsigned m_jobs;
  bool m_huge_heaps = false;
  std::shared_ptr<const gitfmt::PackSet> m_packs;
  std::size_t m_pack_cache_bytes = 0;
  std::size_t m_max_object_bytes = SIZE_MAX;
  std::vector<RepositoryPtr> m_repos;  // one per thread, or one for the inline mode
  std::vector<Tally> m_tallies;
  util::Workers m_threads;

  std::vector<BlobJob> m_batch;  // filled by the producer, queued whole to cut lock traffic
  std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
  std::deque<std::vector<BlobJob>> m_queue;
  bool m_done = false;
};

// The most any one object read may build, delta results on the way included:
// the blob size limit, but never less than 64 MiB (trees, and a small blob
// whose chain passes through a larger version of the file).
std::size_t max_object_bytes(const SourceOptions& options);

// Reads a blob for scanning, or returns null with an issue when it is missing
// or corrupt (error), over options.max_blob_size or a Git LFS pointer (notes).
// The content comes through `read` when given (the size check still asks the
// odb for the header only), else straight from the odb.
OdbObjectPtr read_blob_for_scan(git_odb* odb, const git_oid& oid, const BlobToScan& info,
                                const SourceOptions& options, std::vector<core::ScanIssue>& issues,
                                const ObjectReader& read = {});

// Git LFS keeps the real content outside the repository; the blob is a short pointer.
bool is_lfs_pointer(std::string_view content);

}  // namespace nts::git
