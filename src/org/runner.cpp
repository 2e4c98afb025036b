#include "org/runner.hpp"

#include <atomic>
#include <thread>

#include "git/repository.hpp"
#include "org/inputs.hpp"
#include "org/mirror.hpp"

namespace nts::org {
namespace {

std::string describe(const core::Error& error) {
  std::string text = error.describe();
  if (!error.hint.empty()) {
    text += " (" + error.hint + ")";
  }
  return text;
}

RepoResult scan_one(const std::string& repository, const BatchOptions& options,
                    const detect::Detector& detector, const scan::SnapshotAnalysis& analysis,
                    bool& reused) {
  RepoScanOptions scan_options;
  scan_options.history = options.history;
  scan_options.deadline = Deadline::after(options.timeout_seconds);
  std::string path = repository;
  if (is_remote(repository)) {
    MirrorOptions mirror{options.cache_dir, options.token, scan_options.deadline};
    auto updated = update_mirror(repository, mirror);
    if (!updated) {
      return failed_result(repository, describe(updated.error()));
    }
    path = *updated;
  }
  if (options.store != nullptr) {
    auto repo = git::Repository::open(path);
    if (repo) {
      if (auto head = repo->head_commit()) {
        if (auto stored = options.store->reusable(repository, *head)) {
          reused = true;
          return *stored;
        }
      }
    }
  }
  return scan_repository(repository, path, scan_options, detector, analysis);
}

}  // namespace

std::vector<RepoResult> run_batch(const std::vector<std::string>& repositories,
                                  const BatchOptions& options, const detect::Detector& detector,
                                  const scan::SnapshotAnalysis& analysis, Progress& progress) {
  std::vector<RepoResult> results(repositories.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < repositories.size(); i = next++) {
      const std::string& repository = repositories[i];
      progress.started(repository);
      bool reused = false;
      try {
        results[i] = scan_one(repository, options, detector, analysis, reused);
      } catch (const std::exception& e) {
        // A bug or resource exhaustion in one repository must not lose the others.
        results[i] = failed_result(repository, std::string("internal error: ") + e.what());
      }
      std::string outcome = results[i].ok ? (reused ? "unchanged, stored result reused" : "ok")
                                          : "error: " + results[i].error;
      if (options.store != nullptr) {
        auto recorded = options.store->record(results[i]);
        if (!recorded) {
          outcome += " (not stored: " + recorded.error().describe() + ")";
        }
      }
      progress.finished(repository, outcome, !results[i].ok);
    }
  };
  unsigned jobs = std::max(
      1u, std::min<unsigned>(options.jobs,
                             static_cast<unsigned>(std::max<std::size_t>(repositories.size(), 1))));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) {
    threads.emplace_back(worker);
  }
  worker();
  for (auto& thread : threads) {
    thread.join();
  }
  progress.done();
  return results;
}

}  // namespace nts::org
