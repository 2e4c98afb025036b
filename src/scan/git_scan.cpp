#include "scan/git_scan.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "git/blob_source.hpp"
#include "git/tree_view.hpp"

namespace nts::scan {
namespace {

const char* mode_name(GitMode mode) {
  switch (mode) {
    case GitMode::history:
      return "history";
    case GitMode::staged:
      return "staged";
    case GitMode::range:
      return "range";
  }
  return "history";
}

// Findings from blobs that may arrive on several threads, merged by
// fingerprint (rule + path + secret): the oldest introduction wins, and the
// secret is still present if any version at HEAD holds it.
class FindingMerger {
 public:
  void add(core::Finding finding, std::uint64_t order, bool at_head) {
    std::lock_guard lock(m_mutex);
    auto [at, inserted] = m_findings.try_emplace(finding.fingerprint, Entry{});
    Entry& entry = at->second;
    bool present = finding.still_present || at_head || (!inserted && entry.finding.still_present);
    if (inserted || order < entry.order) {
      entry.finding = std::move(finding);
      entry.order = order;
    }
    entry.finding.still_present = present;
  }

  std::vector<core::Finding> take() {
    std::vector<core::Finding> out;
    for (auto& [fingerprint, entry] : m_findings) {
      if (!entry.finding.still_present) {
        entry.finding.message +=
            " It was deleted since, but it stays in the git history: revoke it.";
      }
      out.push_back(std::move(entry.finding));
    }
    return out;
  }

 private:
  struct Entry {
    core::Finding finding;
    std::uint64_t order = 0;
  };
  std::mutex m_mutex;
  std::map<std::string, Entry> m_findings;
};

}  // namespace

core::Result<core::ScanReport> scan_git(const GitScanOptions& options,
                                        const detect::Detector& detector,
                                        const SnapshotAnalysis& analysis) {
  auto repo = git::Repository::open(options.path);
  if (!repo) {
    return repo.error();
  }
  core::ScanReport report;
  report.target.path = options.path;
  report.target.mode = mode_name(options.mode);

  git::SourceOptions source;
  source.refs = options.refs;
  source.jobs = resolve_jobs(options.jobs);
  source.max_blob_size = options.limits.max_file_size;

  FindingMerger merger;
  std::mutex stats_mutex;
  git::BlobVisitor visit = [&](const git::BlobToScan& blob) {
    FileResult file = scan_bytes(detector, blob.content, blob.path);
    if (!file.scanned) {
      std::lock_guard lock(stats_mutex);
      ++report.stats.files_skipped;
      return;
    }
    for (core::Finding& finding : file.findings) {
      int line = finding.location.line;
      if (!blob.reports_line(line)) {
        continue;  // staged/range: the line was already there before
      }
      const auto& commit = blob.commit_for_line(line);
      finding.commit = commit ? std::optional<std::string>(commit->sha) : std::nullopt;
      finding.still_present = options.mode != GitMode::history || blob.at_head;
      merger.add(std::move(finding), blob.order, blob.at_head);
    }
  };

  core::Result<git::SourceResult> result = core::Error{};
  std::string snapshot_rev = "HEAD";
  switch (options.mode) {
    case GitMode::history:
      result = git::scan_history(*repo, source, visit);
      if (!options.refs.empty()) {
        snapshot_rev = options.refs.front();
      }
      break;
    case GitMode::staged:
      result = git::scan_staged(*repo, source, visit);
      break;
    case GitMode::range: {
      auto range = git::parse_range(options.range);
      if (!range) {
        return range.error();
      }
      result = git::scan_range(*repo, range->first, range->second, source, visit);
      snapshot_rev = range->second;
      break;
    }
  }
  if (!result) {
    return result.error();
  }
  report.target.commit = result->head;
  report.findings = merger.take();
  report.issues = std::move(result->issues);
  report.stats.files_scanned = result->blobs - report.stats.files_skipped;
  report.stats.bytes_scanned = result->bytes;

  if (analysis) {
    auto snapshot = options.mode == GitMode::staged ? git::index_view(*repo)
                    : result->head                  ? git::tree_view(*repo, snapshot_rev)
                                   : core::Result<std::unique_ptr<core::RepoView>>(core::Error{});
    if (snapshot) {
      analysis(**snapshot, detector.rules(), report);
    } else if (result->head) {
      report.issues.push_back({core::ScanIssue::Kind::error, options.path, 0,
                               snapshot.error().message + "; workflows were not analysed"});
    }
  }
  sort_findings(report.findings);
  std::stable_sort(
      report.issues.begin(), report.issues.end(),
      [](const core::ScanIssue& a, const core::ScanIssue& b) { return a.path < b.path; });
  return report;
}

}  // namespace nts::scan
