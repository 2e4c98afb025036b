#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "git/repository.hpp"
#include "scan/disk_repo_view.hpp"
#include "scan/path_queue.hpp"
#include "scan/scan.hpp"
#include "sources/directory_walk.hpp"

namespace nts::scan {

unsigned resolve_jobs(unsigned requested) {
  if (requested > 0) {
    return requested;
  }
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 2 : cores;
}

void sort_findings(std::vector<core::Finding>& findings) {
  std::stable_sort(
      findings.begin(), findings.end(), [](const core::Finding& a, const core::Finding& b) {
        return std::tie(a.location.path, a.location.line, a.location.column, a.rule_id) <
               std::tie(b.location.path, b.location.line, b.location.column, b.rule_id);
      });
}

namespace {

// What a work-tree scan of a directory reads, into `queue`: in a git work tree
// what git would commit (tracked, and untracked but not ignored), otherwise
// (or with --all-files) every file below the path.
// With from_repository_root, `root` becomes the work tree's root and
// `snapshot` every file of the work tree (the workflow analysis reads them).
core::Status list_files(const ScanOptions& options, PathQueue& queue, core::ScanReport& report,
                        std::optional<std::string>& remote, std::string& root,
                        std::vector<std::string>& snapshot) {
  auto repo = git::Repository::discover(options.path);
  if (!repo) {
    report.issues.push_back(
        {core::ScanIssue::Kind::error, options.path, 0,
         repo.error().message + "; scanning every file below the path instead"});
  }
  bool in_git = repo && repo->has_value() && !(*repo)->is_bare();
  if (repo && repo->has_value() && (*repo)->is_bare()) {
    core::Error error;
    error.message = "a bare repository has no work tree to scan";
    error.location = core::Location{options.path, 0, 0};
    error.hint = "use `scan --history` to scan every blob in it";
    return error;
  }
  if (in_git) {
    remote = (*repo)->remote_url();
    report.target.commit = (*repo)->head_commit();
  }
  if (!options.files.empty()) {
    for (const auto& file : options.files) {
      queue.push(file);
    }
    return core::ok_status();
  }
  if (in_git && !options.all_files && options.from_repository_root) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path workdir = fs::weakly_canonical((*repo)->workdir(), ec);
    std::string folder =
        fs::weakly_canonical(options.path, ec).lexically_relative(workdir).generic_string();
    std::string prefix = folder.empty() || folder == "." ? "" : folder + "/";
    auto files = git::list_worktree_files(**repo, workdir.string(), report.issues);
    if (!files) {
      return files.error();
    }
    root = workdir.string();  // before the first path: workers read it after queue.next()
    for (auto& file : *files) {
      if (file.path.compare(0, prefix.size(), prefix) == 0) {
        queue.push(file.path);
      }
      snapshot.push_back(std::move(file.path));
    }
    return core::ok_status();
  }
  if (in_git && !options.all_files) {
    auto files = git::list_worktree_files(**repo, options.path, report.issues);
    if (!files) {
      return files.error();
    }
    for (auto& file : *files) {
      queue.push(std::move(file.path));
    }
    return core::ok_status();
  }
  sources::walk_directory(
      options.path, [&](std::string path) { queue.push(std::move(path)); }, report.issues);
  return core::ok_status();
}

}  // namespace

core::Result<core::ScanReport> scan_worktree(const ScanOptions& options,
                                             const DetectorSource& get_detector,
                                             const SnapshotAnalysis& analysis) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto status = fs::status(options.path, ec);
  if (ec || !fs::exists(status)) {
    core::Error error;
    error.message = "no such file or directory";
    error.location = core::Location{options.path, 0, 0};
    return error;
  }
  core::ScanReport report;
  report.target.path = options.path;
  report.target.mode = "worktree";

  std::string root = options.path;
  std::string single_file;
  PathQueue queue;
  if (fs::is_regular_file(status)) {
    // A single file: scan it, named as given.
    root = fs::path(options.path).parent_path().string();
    single_file = fs::path(options.path).filename().string();
  }
  std::string base = root.empty() || root.back() == '/' ? root : root + "/";

  // Scan files on every core as the listing produces them; each worker keeps
  // its own results, merged once.
  struct WorkerResult {
    std::vector<core::Finding> findings;
    std::vector<core::ScanIssue> issues;
    core::ScanStats stats;
  };
  unsigned jobs = single_file.empty() ? resolve_jobs(options.jobs) : 1;
  std::vector<WorkerResult> results(jobs);
  auto work = [&](WorkerResult& out) {
    const std::string* path = queue.next();
    if (path == nullptr) {
      return;
    }
    const detect::Detector& detector = get_detector();
    for (; path != nullptr; path = queue.next()) {
      FileResult file = scan_file(detector, root, *path, options.limits);
      for (auto& f : file.findings) {
        out.findings.push_back(std::move(f));
      }
      out.stats.inline_ignored += file.inline_ignored.size();
      for (auto& issue : file.issues) {
        out.issues.push_back(std::move(issue));
      }
      if (file.scanned) {
        ++out.stats.files_scanned;
        out.stats.bytes_scanned += file.bytes;
      } else {
        ++out.stats.files_skipped;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) {
    threads.emplace_back(work, std::ref(results[t]));
  }

  std::optional<std::string> remote;
  std::vector<std::string> snapshot_paths;  // from_repository_root: the whole work tree
  if (!single_file.empty()) {
    queue.push(single_file);
  } else {
    auto listed = list_files(options, queue, report, remote, root, snapshot_paths);
    if (!listed) {
      queue.close();
      for (auto& thread : threads) {
        thread.join();
      }
      return listed.error();
    }
  }
  queue.close();
  work(results[0]);  // this thread listed; now it scans too
  for (auto& thread : threads) {
    thread.join();
  }
  for (auto& result : results) {
    report.findings.insert(report.findings.end(), std::make_move_iterator(result.findings.begin()),
                           std::make_move_iterator(result.findings.end()));
    report.issues.insert(report.issues.end(), std::make_move_iterator(result.issues.begin()),
                         std::make_move_iterator(result.issues.end()));
    report.stats.files_scanned += result.stats.files_scanned;
    report.stats.bytes_scanned += result.stats.bytes_scanned;
    report.stats.files_skipped += result.stats.files_skipped;
    report.stats.inline_ignored += result.stats.inline_ignored;
  }
  std::vector<std::string> paths = queue.take_all();
  if (!snapshot_paths.empty()) {
    paths = std::move(snapshot_paths);
  }

  if (analysis) {
    DiskRepoView snapshot(root, paths, remote);
    analysis(snapshot, get_detector().rules(), report);
    // The scan itself noted most of these already (the same path, read first).
    for (auto& note : snapshot.take_notes()) {
      bool known =
          std::any_of(report.issues.begin(), report.issues.end(),
                      [&](const core::ScanIssue& issue) { return issue.path == note.path; });
      if (!known) {
        report.issues.push_back(std::move(note));
      }
    }
  }
  sort_findings(report.findings);
  std::stable_sort(
      report.issues.begin(), report.issues.end(),
      [](const core::ScanIssue& a, const core::ScanIssue& b) { return a.path < b.path; });
  return report;
}

}  // namespace nts::scan
