#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>

#include "git/repository.hpp"
#include "scan/disk_repo_view.hpp"
#include "scan/scan.hpp"
#include "sources/directory_walk.hpp"
#include "sources/tree_file.hpp"
#include "util/workers.hpp"

namespace nts::scan {

// The paths a work-tree scan reads, handed to the scanning threads as the
// listing produces them, so scanning starts with the first directory read.
using PathQueue = util::WorkQueue<std::string>;

unsigned resolve_jobs(unsigned requested) {
  return requested > 0 ? requested : util::default_jobs();
}

void sort_report(core::ScanReport& report) {
  std::stable_sort(
      report.findings.begin(), report.findings.end(),
      [](const core::Finding& a, const core::Finding& b) {
        return std::tie(a.location.path, a.location.line, a.location.column, a.rule_id) <
               std::tie(b.location.path, b.location.line, b.location.column, b.rule_id);
      });
  std::stable_sort(
      report.issues.begin(), report.issues.end(),
      [](const core::ScanIssue& a, const core::ScanIssue& b) { return a.path < b.path; });
}

namespace {

// What `git add -A` would commit below `root`: the index's files first, as it
// is read, then a walk of the work tree for untracked files that git does not
// ignore. The walk reads folder entries only (no stat per file), passes over
// tracked files without asking, and asks the ignore rules only about the rest
// and about folders that hold nothing tracked, so an ignored node_modules/ is
// never entered. (libgit2's status, which this replaces, stats every file.)
core::Status list_git_worktree(const git::Repository& repo, const std::string& root,
                               const std::function<void(std::string, bool tracked)>& on_file,
                               std::vector<core::ScanIssue>& issues) {
  auto tracked = git::list_tracked_files(repo, root, issues,
                                         [&](std::string path) { on_file(std::move(path), true); });
  if (!tracked) {
    return tracked.error();
  }
  const std::string& prefix = tracked->prefix;
  std::string base = root.empty() || root.back() == '/' ? root : root + "/";
  auto take = [&](const std::string& path) {
    if (path.back() != '/') {
      return !tracked->tracks(path) && !git::is_ignored(repo, prefix + path);
    }
    std::string folder = path.substr(0, path.size() - 1);
    if (tracked->is_submodule(folder)) {
      return false;
    }
    if (tracked->holds(path)) {
      return true;
    }
    if (git::is_ignored(repo, prefix + path)) {
      return false;
    }
    struct stat info {};
    if (::lstat((base + path + ".git").c_str(), &info) == 0) {
      issues.push_back({core::ScanIssue::Kind::note, folder, 0,
                        "a git repository inside the work tree, not tracked; skipped: scan it "
                        "separately"});
      return false;
    }
    return true;
  };
  sources::walk_directory(
      root, [&](std::string path) { on_file(std::move(path), false); }, issues, take);
  return core::ok_status();
}

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
    root = workdir.string();  // before the first path: workers read it after queue.next()
    std::string base = root.back() == '/' ? root : root + "/";
    return list_git_worktree(
        **repo, root,
        [&](std::string path, bool tracked) {
          if (path.compare(0, prefix.size(), prefix) == 0) {
            queue.push(path);  // a scanning thread notices if it was deleted
          } else if (tracked) {
            struct stat info {};
            if (::lstat((base + path).c_str(), &info) != 0) {
              return;  // deleted in the work tree: `git add -A` would not commit it
            }
          }
          snapshot.push_back(std::move(path));
        },
        report.issues);
  }
  if (in_git && !options.all_files) {
    return list_git_worktree(
        **repo, options.path, [&](std::string path, bool) { queue.push(std::move(path)); },
        report.issues);
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
  sources::TreeFile::forget_folders();

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
    std::vector<std::string> missing;
    core::ScanStats stats;
  };
  // A listed file that is gone when opened was deleted from the work tree
  // (the index still names it) or in the meantime: nothing to scan, nothing to
  // say. A file the user named is another matter.
  const bool quiet_when_missing = options.files.empty() && single_file.empty();
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
      if (file.missing && quiet_when_missing) {
        out.missing.push_back(*path);
        continue;
      }
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
  util::Workers helpers(1, jobs, [&](unsigned t) { work(results[t]); });

  std::optional<std::string> remote;
  std::vector<std::string> snapshot_paths;  // from_repository_root: the whole work tree
  if (!single_file.empty()) {
    queue.push(single_file);
  } else {
    auto listed = list_files(options, queue, report, remote, root, snapshot_paths);
    if (!listed) {
      queue.close();
      helpers.join();
      return listed.error();
    }
  }
  queue.close();
  // The snapshot is whole once the listing is: this thread analyses it while
  // the others scan, then scans too (rather than analysing alone at the end).
  std::vector<std::string> paths = snapshot_paths.empty() ? queue.copy_all() : snapshot_paths;
  core::ScanReport analysed;
  std::vector<core::ScanIssue> snapshot_notes;  // what the analysis could not read
  auto analyse = [&](const std::vector<std::string>& snapshot_files) {
    analysed = core::ScanReport{};
    DiskRepoView snapshot(root, snapshot_files, remote);
    analysis(snapshot, get_detector(), analysed);
    snapshot_notes = snapshot.take_notes();
  };
  if (analysis) {
    analyse(paths);
  }
  work(results[0]);  // this thread listed; now it scans too
  helpers.join();
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
  std::vector<std::string> missing;
  for (auto& result : results) {
    missing.insert(missing.end(), result.missing.begin(), result.missing.end());
  }
  if (analysis && !missing.empty()) {
    // Files the index names but the work tree lost: `git add -A` would not
    // commit them, so the analysis runs again without them (rare).
    std::sort(paths.begin(), paths.end());
    std::sort(missing.begin(), missing.end());
    std::vector<std::string> present;
    std::set_difference(paths.begin(), paths.end(), missing.begin(), missing.end(),
                        std::back_inserter(present));
    analyse(present);
  }
  if (analysis) {
    core::add_analysis(report, std::move(analysed));
    // The scan itself noted most of these already (the same path, read first).
    for (auto& note : snapshot_notes) {
      bool known =
          std::any_of(report.issues.begin(), report.issues.end(),
                      [&](const core::ScanIssue& issue) { return issue.path == note.path; });
      if (!known) {
        report.issues.push_back(std::move(note));
      }
    }
  }
  sort_report(report);
  return report;
}

}  // namespace nts::scan
