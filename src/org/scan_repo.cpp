#include "org/scan_repo.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "config/repo_config.hpp"
#include "git/blob_source.hpp"
#include "git/repository.hpp"
#include "git/tree_view.hpp"
#include "org/aggregate.hpp"
#include "report/report.hpp"
#include "scan/file_scanner.hpp"

namespace nts::org {
namespace {

// HEAD's tree, blob by blob: what a clone's default branch holds today. Ends
// early when the deadline passes (the caller checks it).
void scan_head_tree(const core::RepoView& view, const RepoScanOptions& options,
                    const detect::Detector& detector, core::ScanReport& report) {
  for (const auto& path : view.paths()) {
    if (options.deadline.passed()) {
      return;
    }
    // The size from the object's header first: a huge blob is never inflated.
    auto size = view.size(path);
    if (size && *size > options.max_blob_size) {
      report.issues.push_back({core::ScanIssue::Kind::note, path, 0,
                               "skipped: " + std::to_string(*size) +
                                   " bytes is over the size limit of " +
                                   std::to_string(options.max_blob_size) + " bytes"});
      continue;
    }
    auto content = view.read(path);
    if (!content) {
      report.issues.push_back({core::ScanIssue::Kind::error, path, 0,
                               "cannot read the blob (missing or corrupt, or its delta chain "
                               "builds more than the size limit on the way): run `git fsck`"});
      continue;
    }
    auto result = scan::scan_bytes(detector, *content, path);
    for (auto& finding : result.findings) {
      report.findings.push_back(std::move(finding));
    }
    for (auto& issue : result.issues) {
      report.issues.push_back(std::move(issue));
    }
  }
}

// Every blob in history. The same secret in several versions of a file is one
// leak, reported at the oldest commit that holds it (where it was introduced).
// Ends early when the deadline passes (the caller checks it).
void scan_all_history(const git::Repository& repo, const RepoScanOptions& options,
                      const detect::Detector& detector, core::ScanReport& report) {
  std::mutex mutex;
  std::map<std::string, std::pair<std::uint64_t, core::Finding>> oldest;  // by fingerprint
  std::set<std::string> at_head;                                          // secret digests
  git::SourceOptions source;
  source.jobs = 1;  // the batch runs repositories in parallel already
  source.max_blob_size = options.max_blob_size;
  source.stop = [&options] { return options.deadline.passed(); };
  auto walked = git::scan_history(repo, source, [&](const git::BlobToScan& blob) {
    auto result = scan::scan_bytes(detector, blob.content, blob.path);
    std::lock_guard lock(mutex);
    for (auto& finding : result.findings) {
      if (const auto& commit = blob.commit_for_line(finding.location.line)) {
        finding.commit = commit->sha;
      }
      if (blob.at_head) {
        at_head.insert(finding.secret_digest);
      }
      auto it = oldest.find(finding.fingerprint);
      if (it == oldest.end() || blob.order < it->second.first) {
        oldest[finding.fingerprint] = {blob.order, std::move(finding)};
      }
    }
    for (auto& issue : result.issues) {
      report.issues.push_back(std::move(issue));
    }
  });
  if (!walked) {
    report.issues.push_back({core::ScanIssue::Kind::error, "", 0, walked.error().describe()});
    return;
  }
  for (auto& issue : walked->issues) {
    report.issues.push_back(std::move(issue));
  }
  for (auto& [fingerprint, entry] : oldest) {
    entry.second.still_present =
        !entry.second.secret_digest.empty() && at_head.count(entry.second.secret_digest) > 0;
    report.findings.push_back(std::move(entry.second));
  }
}

// The repository's own .npm-token-scan.yaml at HEAD, as a single scan applies
// it. A broken config is reported in the repository's errors and ignored:
// nothing is left out, and the rest of the batch goes on. Counts what it left
// out in `result`, leaks apart, for every org format to show.
void apply_own_config(const core::RepoView& view, const std::vector<rules::Rule>& rules,
                      core::ScanReport& report, RepoResult& result) {
  std::string name(config::k_file_name);
  constexpr std::uint64_t k_max_config_bytes = std::uint64_t{1} << 20;  // as `scan` reads it
  std::optional<std::uint64_t> size;
  auto text = core::read_at_most(view, name, k_max_config_bytes, &size);
  if (!text && size) {
    report.issues.push_back({core::ScanIssue::Kind::error, name, 0,
                             "the repository config is " + std::to_string(*size) +
                                 " bytes, over the limit of " + std::to_string(k_max_config_bytes) +
                                 " bytes; the config was not applied"});
    return;
  }
  if (!text) {
    return;
  }
  auto parsed = config::parse_repo_config(name, *text, rules);
  if (!parsed) {
    report.issues.push_back({core::ScanIssue::Kind::error, name, 0,
                             parsed.error().describe() + "; the config was not applied"});
    return;
  }
  auto leaks = [&report] {
    return std::count_if(report.findings.begin(), report.findings.end(), [](const auto& finding) {
      return is_leak(core::to_string(finding.severity), finding.secret);
    });
  };
  auto leaks_before = leaks();
  auto ignored = config::apply_repo_config(*parsed, report.findings);
  result.suppressed_findings = static_cast<int>(ignored);
  result.suppressed_leaks = static_cast<int>(leaks_before - leaks());
  if (ignored > 0) {
    report.issues.push_back({core::ScanIssue::Kind::note, name, 0, config::ignored_note(ignored)});
  }
}

}  // namespace

RepoResult scan_repository(const std::string& repository, const std::string& path,
                           const RepoScanOptions& options, const detect::Detector& detector,
                           const scan::SnapshotAnalysis& analysis) {
  auto repo = git::Repository::open(path);
  if (!repo) {
    return failed_result(repository, repo.error().describe());
  }
  RepoResult result;
  result.repository = repository;
  result.head = repo->head_commit();
  auto timed_out = [&](const char* phase) {
    auto failed = failed_result(repository, options.deadline.reason(phase));
    failed.head = result.head;
    return failed;
  };
  if (options.deadline.passed()) {
    return timed_out("opening the repository");
  }
  if (!result.head) {
    // No commits (or an unborn default branch): nothing to scan, nothing leaked.
    result.ok = true;
    return result;
  }
  // Blobs up to the size limit are read whole through the view (at least the
  // analyses' 16 MiB); nothing larger is inflated.
  auto view = git::tree_view(*repo, *result.head,
                             std::max(options.max_blob_size, git::k_snapshot_max_read));
  if (!view) {
    return failed_result(repository, view.error().describe());
  }
  core::ScanReport report;
  report.target.path = repository;
  report.target.mode = options.history ? "history" : "head";
  report.target.commit = result.head;
  if (options.history) {
    scan_all_history(*repo, options, detector, report);
  } else {
    scan_head_tree(**view, options, detector, report);
  }
  if (options.deadline.passed()) {
    return timed_out(options.history ? "scanning the history" : "scanning");
  }
  if (analysis) {
    analysis(**view, detector.rules(), report);
  }
  apply_own_config(**view, detector.rules().rules(), report, result);
  scan::sort_findings(report.findings);
  result.ok = true;
  result.findings = report::findings_json(report.findings);
  result.workflows = report::workflows_json(report.workflows);
  result.errors = report::issues_json(report.issues);
  return result;
}

}  // namespace nts::org
