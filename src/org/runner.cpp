#include "org/runner.hpp"

#include <algorithm>
#include <ctime>
#include <mutex>
#include <optional>
#include <set>

#include "git/blob_source.hpp"
#include "git/ref_files.hpp"
#include "git/repository.hpp"
#include "org/inputs.hpp"
#include "org/mirror.hpp"
#include "util/workers.hpp"

namespace nts::org {
namespace {

std::string describe(const core::Error& error) {
  std::string text = error.describe();
  if (!error.hint.empty()) {
    text += " (" + error.hint + ")";
  }
  return text;
}

// What a stored result is reused against: HEAD's commit and, for a history
// scan, every ref's tip (a commit pushed to another branch or tag, HEAD
// unchanged, must be scanned). Read from the ref files where the layout
// allows, else through libgit2; the two kinds of key never match each other.
struct ReuseState {
  std::string head;
  std::string refs;
};

std::optional<ReuseState> reuse_state(const std::string& path, bool history) {
  if (auto files = git::read_ref_files(path)) {
    if (files->head.empty()) {
      return std::nullopt;  // nothing committed: nothing stored to reuse
    }
    return ReuseState{std::move(files->head), history ? "ref files " + files->digest : ""};
  }
  auto repo = git::Repository::open(path);
  if (!repo) {
    return std::nullopt;
  }
  auto head = repo->head_commit();
  auto tips = history ? git::history_tips_id(*repo, {}) : std::optional<std::string>("");
  if (!head || !tips) {
    return std::nullopt;
  }
  return ReuseState{std::move(*head), history ? "peeled tips " + *tips : ""};
}

// `repository` is the string as given (a URL may hold userinfo, used for the
// transfer only); `shown` is what results, progress and the store carry.
RepoResult scan_one(const std::string& repository, const std::string& shown,
                    const BatchOptions& options, const scan::DetectorSource& detector,
                    const AnalysisFor& analysis, bool& reused, std::string& key) {
  RepoScanOptions scan_options;
  scan_options.history = options.history;
  scan_options.deadline = Deadline::after(options.timeout_seconds);
  scan_options.fix_patch = options.fix_patch;
  std::string path = repository;
  if (is_remote(repository)) {
    MirrorOptions mirror;
    mirror.cache_dir = options.cache_dir;
    mirror.token = options.token;
    mirror.token_scope =
        options.listed.count(repository) > 0 ? options.listing_scope : options.repos_scope;
    mirror.deadline = scan_options.deadline;
    auto updated = update_mirror(repository, mirror);
    if (!updated) {
      return failed_result(shown, describe(updated.error()));
    }
    path = *updated;
  }
  if (options.store != nullptr && !options.fix_patch) {
    if (auto state = reuse_state(path, options.history)) {
      // The repository config is read at HEAD, which must be the stored
      // head to reuse: it needs no place in the key.
      key = reuse_key(options.run_key, state->refs);
      if (auto stored = options.store->reusable(shown, state->head, key)) {
        reused = true;
        return *stored;
      }
    }
  }
  return scan_repository(shown, path, scan_options, detector, analysis);
}

// owner/name from the remote: the URL given, or a local repository's origin
// (else its first remote); the path when there is none.
std::string display_name(const std::string& shown) {
  std::string slug;
  if (is_remote(shown)) {
    slug = repository_slug(shown);
  } else if (auto repo = git::Repository::open(shown)) {
    if (auto remote = repo->remote_url()) {
      slug = repository_slug(without_userinfo(*remote));
    }
  }
  return slug.empty() ? shown : slug;
}

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return stamp;
}

// The repositories to scan: the given ones, then what discovery adds while
// workers take them, each once. Keeps the progress total up to date.
class WorkList {
 public:
  WorkList(const std::vector<std::string>& repositories, Progress& progress)
      : m_progress(progress) {
    for (const auto& repository : repositories) {
      if (m_seen.insert(repository).second) {
        m_queue.push(repository);
      }
    }
  }

  // From the one thread that discovers (m_seen is its own once workers run).
  void add(std::string repository) {
    if (m_seen.insert(repository).second) {
      m_progress.set_total(m_queue.push(std::move(repository)), false);
    }
  }

  void close() { m_progress.set_total(m_queue.close(), true); }

  // The next repository; null once the list is closed and every one was taken.
  const std::string* take() { return m_queue.next(); }

  std::size_t size() const { return m_queue.size(); }

 private:
  Progress& m_progress;
  util::WorkQueue<std::string> m_queue;
  std::set<std::string> m_seen;
};

}  // namespace

std::vector<RepoResult> run_batch(const std::vector<std::string>& repositories,
                                  const Discovery& discover, const BatchOptions& options,
                                  const scan::DetectorSource& detector, const AnalysisFor& analysis,
                                  Progress& progress) {
  WorkList work(repositories, progress);
  progress.set_total(work.size(), !discover);
  std::mutex results_mutex;
  std::vector<RepoResult> results;
  auto worker = [&] {
    while (auto repository = work.take()) {
      const std::string shown = without_userinfo(*repository);
      progress.started(shown);
      bool reused = false;
      std::string key;
      RepoResult result;
      try {
        result = scan_one(*repository, shown, options, detector, analysis, reused, key);
      } catch (const std::exception& e) {
        // A bug or resource exhaustion in one repository must not lose the others.
        result = failed_result(shown, std::string("internal error: ") + e.what());
      }
      if (result.name.empty()) {
        result.name = display_name(shown);
      }
      if (result.scanned_at.empty()) {
        result.scanned_at = utc_now();
      }
      std::string outcome = result.ok ? (reused ? "unchanged, stored result reused" : "ok")
                                      : "error: " + result.error;
      if (!result.fix_patch.empty() && options.patch_files != nullptr) {
        auto written = options.patch_files->write(result.name, result.fix_patch);
        outcome += written ? ", patch " + *written
                           : " (patch not written: " + written.error().describe() + ")";
        result.fix_patch.clear();
      }
      if (options.store != nullptr) {
        auto recorded = options.store->record(result, key, reused);
        if (!recorded) {
          outcome += " (not stored: " + recorded.error().describe() + ")";
        }
      }
      progress.finished(shown, outcome, !result.ok);
      std::lock_guard lock(results_mutex);
      results.push_back(std::move(result));
    }
  };
  auto discover_then_scan = [&] {
    if (discover) {
      discover([&](std::string repository) { work.add(std::move(repository)); });
    }
    work.close();
    worker();
  };
  unsigned jobs = std::max(1u, options.jobs);
  if (!discover) {
    jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(work.size(), 1)));
  }
  // libgit2 stamps fetches with the local time; glibc reads the time zone on
  // first use, under a lock ThreadSanitizer cannot see. Read it once here,
  // before the threads, so every later call only reads.
  ::tzset();
  util::Workers helpers(1, jobs, [&](unsigned) { worker(); });
  discover_then_scan();
  helpers.join();
  progress.done();
  std::sort(results.begin(), results.end(),
            [](const RepoResult& a, const RepoResult& b) { return a.repository < b.repository; });
  return results;
}

}  // namespace nts::org
