#include "org/scan_repo.hpp"

#include <algorithm>

#include "git/repository.hpp"
#include "org/aggregate.hpp"
#include "report/report.hpp"
#include "scan/run.hpp"

namespace nts::org {

RepoResult scan_repository(const std::string& repository, const std::string& path,
                           const RepoScanOptions& options, const scan::DetectorSource& detector,
                           const AnalysisFor& analysis_for) {
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
  // The same pipeline as `scan --history` (or, for HEAD, the tree a checkout
  // of the default branch holds), with the repository's own config at HEAD.
  scan::GitScanOptions git;
  git.path = path;
  git.mode = options.history ? scan::GitMode::history : scan::GitMode::tree;
  git.refs = {};  // every ref (history) or HEAD (tree)
  git.jobs = 1;   // the batch runs repositories in parallel already
  git.limits.max_file_size = options.max_blob_size;
  git.stop = [&options] { return options.deadline.passed(); };
  // A mirror in the --cache folder keeps its history cache beside it: an
  // unchanged mirror is not walked again, a fetched one only for what it gained.
  git.cache = options.history;
  scan::ScanRequest request;
  // A broken config is reported in the repository's errors and ignored:
  // nothing is left out, and the rest of the batch goes on.
  std::vector<core::ScanIssue> config_issues;
  auto repo_config =
      scan::load_repo_config(path, scan::ConfigSide::head_tree, {}, detector().rules().rules());
  if (repo_config) {
    request.policy.repo_config = std::move(*repo_config);
  } else {
    const auto& error = repo_config.error();
    config_issues.push_back({core::ScanIssue::Kind::error,
                             error.location ? error.location->path : std::string(), 0,
                             error.describe() + "; the config was not applied"});
  }
  request.input = std::move(git);
  const config::RepoConfig* config =
      request.policy.repo_config ? &*request.policy.repo_config : nullptr;
  const scan::SnapshotAnalysis analysis = analysis_for(config);
  config::PolicyOutcome left_out;
  // --fix-dir: the fix is planned on the same snapshot the analysis reads.
  std::string patch;
  scan::SnapshotAnalysis with_fix = analysis;
  if (options.fix_patch) {
    with_fix = [&](const core::RepoView& snapshot, const detect::Detector& scan_detector,
                   core::ScanReport& out) {
      analysis(snapshot, scan_detector, out);
      patch = options.fix_patch(snapshot, scan_detector.rules(), *result.head, config);
    };
  }
  auto report = scan::run(request, detector, with_fix, &left_out);
  if (options.deadline.passed()) {
    return timed_out(options.history ? "scanning the history" : "scanning");
  }
  if (!report) {
    return failed_result(repository, report.error().describe());
  }
  report->issues.insert(report->issues.begin(), config_issues.begin(), config_issues.end());
  // Every org format shows what the repository's own config left out, leaks apart.
  result.suppressed_findings = static_cast<int>(left_out.ignored_by_config.size());
  result.suppressed_leaks = static_cast<int>(
      std::count_if(left_out.ignored_by_config.begin(), left_out.ignored_by_config.end(),
                    [](const core::Finding& finding) {
                      return is_leak(core::to_string(finding.severity), finding.secret);
                    }));
  result.ok = true;
  result.findings = report::findings_json(report->findings);
  result.workflows = report::workflows_json(report->workflows);
  result.errors = report::issues_json(report->issues);
  result.fix_patch = std::move(patch);
  return result;
}

}  // namespace nts::org
