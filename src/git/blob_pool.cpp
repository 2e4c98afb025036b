#include "git/blob_pool.hpp"

#include <algorithm>

#include "git/pack_backend.hpp"
#include "util/heap.hpp"

namespace nts::git {
namespace {

constexpr std::size_t k_batch_size = 64;
constexpr std::size_t k_max_batches = 64;  // at most 4096 blob ids wait in the queue

}  // namespace

std::size_t max_object_bytes(const SourceOptions& options) {
  return std::max(options.max_blob_size, std::size_t{64} << 20);
}

bool is_lfs_pointer(std::string_view content) {
  static constexpr std::string_view k_header = "version https://git-lfs.github.com/spec/v1";
  return content.size() < 1024 && content.substr(0, k_header.size()) == k_header;
}

BlobPool::BlobPool(const Repository& repo, const SourceOptions& options, const BlobVisitor& visit,
                   unsigned jobs)
    : m_gitdir(git_repository_path(repo.get())), m_options(options), m_visit(visit), m_jobs(jobs) {}

BlobPool::~BlobPool() {
  if (!m_threads.empty()) {
    SourceResult ignored;
    finish(ignored);
  }
}

void BlobPool::read_packs_with(std::shared_ptr<const gitfmt::PackSet> packs,
                               std::size_t cache_bytes, std::size_t max_object_bytes) {
  m_packs = std::move(packs);
  m_pack_cache_bytes = cache_bytes;
  m_max_object_bytes = max_object_bytes;
}

core::Status BlobPool::start() {
  unsigned handles = m_jobs == 0 ? 1 : m_jobs;
  for (unsigned i = 0; i < handles; ++i) {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, m_gitdir.c_str(),
                                GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
                                nullptr) != 0) {
      return last_error("cannot open the git repository", m_gitdir);
    }
    m_repos.emplace_back(raw);
    if (m_packs) {
      if (auto added = add_pack_backend(raw, m_packs, m_pack_cache_bytes, m_max_object_bytes);
          !added) {
        return added.error();
      }
    }
  }
  m_tallies.resize(handles);
  m_threads = util::Workers(0, m_jobs, [this](unsigned i) {
    if (m_huge_heaps) {
      util::prefer_huge_thread_heap_pages();
    }
    run(i);
  });
  return core::ok_status();
}

void BlobPool::push(BlobJob job) {
  if (m_jobs == 0) {
    git_odb* odb = nullptr;
    if (git_repository_odb(&odb, m_repos[0].get()) != 0) {
      m_tallies[0].issues.push_back({core::ScanIssue::Kind::error, job.info.path, 0,
                                     last_error("cannot open the object database").message});
      return;
    }
    OdbPtr owned(odb);
    process(odb, job, m_tallies[0]);
    return;
  }
  m_batch.push_back(std::move(job));
  if (m_batch.size() >= k_batch_size) {
    flush_batch();
  }
}

void BlobPool::flush_batch() {
  if (m_batch.empty()) {
    return;
  }
  std::unique_lock lock(m_mutex);
  m_not_full.wait(lock, [this] { return m_queue.size() < k_max_batches; });
  m_queue.push_back(std::move(m_batch));
  m_batch.clear();
  lock.unlock();
  m_not_empty.notify_one();
}

void BlobPool::finish(SourceResult& result) {
  flush_batch();
  {
    std::lock_guard lock(m_mutex);
    m_done = true;
  }
  m_not_empty.notify_all();
  m_threads.join();
  for (Tally& tally : m_tallies) {
    result.blobs += tally.blobs;
    result.bytes += tally.bytes;
    for (core::ScanIssue& issue : tally.issues) {
      result.issues.push_back(std::move(issue));
    }
    tally = Tally{};
  }
}

void BlobPool::run(unsigned worker) {
  git_odb* odb = nullptr;
  bool have_odb = git_repository_odb(&odb, m_repos[worker].get()) == 0;
  OdbPtr owned(odb);
  std::string odb_error = have_odb ? "" : last_error("cannot open the object database").message;
  while (true) {
    std::unique_lock lock(m_mutex);
    m_not_empty.wait(lock, [this] { return m_done || !m_queue.empty(); });
    if (m_queue.empty()) {
      return;
    }
    std::vector<BlobJob> batch = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    m_not_full.notify_one();
    for (BlobJob& job : batch) {
      if (!have_odb) {
        m_tallies[worker].issues.push_back(
            {core::ScanIssue::Kind::error, job.info.path, 0, odb_error});
        continue;
      }
      process(odb, job, m_tallies[worker]);
    }
  }
}

OdbObjectPtr read_blob_for_scan(git_odb* odb, const git_oid& oid, const BlobToScan& info,
                                const SourceOptions& options, std::vector<core::ScanIssue>& issues,
                                const ObjectReader& read) {
  auto describe = [&] {
    std::string where = "blob " + oid_hex(oid);
    if (info.commit) {
      where += " (commit " + info.commit->sha + ")";
    }
    return where;
  };
  auto unreadable = [&] {
    issues.push_back({core::ScanIssue::Kind::error, info.path, 0,
                      last_error("cannot read " + describe()).message +
                          "; the object is missing or corrupt: run `git fsck` or clone the "
                          "repository again"});
    return nullptr;
  };
  // The header alone gives the size, so a huge blob is never inflated.
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, odb, &oid) != 0) {
    return unreadable();
  }
  if (size > options.max_blob_size) {
    issues.push_back({core::ScanIssue::Kind::note, info.path, 0,
                      describe() + " skipped: " + std::to_string(size) +
                          " bytes is over the size limit of " +
                          std::to_string(options.max_blob_size) + " bytes"});
    return nullptr;
  }
  OdbObjectPtr object;
  int status = 0;
  if (read) {
    status = read(oid, object);
  } else {
    git_odb_object* raw = nullptr;
    status = git_odb_read(&raw, odb, &oid);
    object.reset(raw);
  }
  if (status != 0) {
    if (status == k_object_over_limit) {  // a delta chain that builds too much on the way
      issues.push_back({core::ScanIssue::Kind::note, info.path, 0,
                        describe() + " skipped: " + last_error_message()});
      return nullptr;
    }
    return unreadable();
  }
  std::string_view content(static_cast<const char*>(git_odb_object_data(object.get())),
                           git_odb_object_size(object.get()));
  if (is_lfs_pointer(content)) {
    issues.push_back({core::ScanIssue::Kind::note, info.path, 0,
                      "Git LFS pointer not scanned: the file's content is stored outside the "
                      "repository; scan a checkout with the LFS objects fetched"});
    return nullptr;
  }
  return object;
}

void BlobPool::process(git_odb* odb, BlobJob& job, Tally& tally) const {
  if (m_options.stop && m_options.stop()) {
    return;
  }
  OdbObjectPtr object = read_blob_for_scan(odb, job.oid, job.info, m_options, tally.issues);
  if (!object) {
    return;
  }
  job.info.content = std::string_view(static_cast<const char*>(git_odb_object_data(object.get())),
                                      git_odb_object_size(object.get()));
  m_visit(job.info);
  ++tally.blobs;
  tally.bytes += job.info.content.size();
  job.info.content = {};  // the object is freed on return
}

}  // namespace nts::git
