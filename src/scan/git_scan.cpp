#include "scan/git_scan.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include "core/recording_repo_view.hpp"
#include "git/blob_source.hpp"
#include "git/tree_view.hpp"
#include "scan/analysis_read_cache.hpp"
#include "scan/history_cache.hpp"
#include "util/enum_table.hpp"
#include "workflow/analyze.hpp"

namespace nts::scan {
namespace {

// The report's `target.mode` spelling of each git mode.
constexpr util::EnumTable<GitMode, 4> k_mode_names{{{
    {GitMode::history, "history"},
    {GitMode::staged, "staged"},
    {GitMode::range, "range"},
    {GitMode::tree, "tree"},
}}};

// Findings from blobs that may arrive on several threads, merged by
// fingerprint (rule + path + secret): the oldest introduction wins, and the
// secret is still present if any version at HEAD holds it.
class FindingMerger {
 public:
  // `blob_id` (history with a cache) is kept to decide presence again later.
  void add(core::Finding finding, std::uint64_t order, bool at_head,
           const std::string& blob_id = {}) {
    std::lock_guard lock(m_mutex);
    auto [at, inserted] = m_findings.try_emplace(finding.fingerprint, Entry{});
    Entry& entry = at->second;
    bool present = finding.still_present || at_head || (!inserted && entry.finding.still_present);
    if (inserted || order < entry.order) {
      entry.finding = std::move(finding);
      entry.order = order;
    }
    entry.finding.still_present = present;
    if (!blob_id.empty()) {
      entry.blobs.push_back(blob_id);
    }
  }

  // A finding an earlier scan merged (history cache), present when any of
  // its blobs is `present`: the same as adding each blob's finding again.
  void add_recorded(RecordedFinding recorded, bool present) {
    std::vector<std::string> blobs = std::move(recorded.blobs);
    if (blobs.empty()) {
      blobs.emplace_back();
    }
    recorded.finding.still_present = present;
    for (const std::string& blob : blobs) {
      add(recorded.finding, recorded.order, present, blob);
    }
  }

  // What add() merged so far, for the history cache.
  std::vector<RecordedFinding> recorded() {
    std::lock_guard lock(m_mutex);
    std::vector<RecordedFinding> out;
    for (const auto& [fingerprint, entry] : m_findings) {
      out.push_back({entry.finding, entry.order, entry.blobs});
    }
    return out;
  }

  // `gone` is appended to the message of a leak no longer present; any other
  // finding (a `${VAR}` reference is no secret) only says that it is gone.
  std::vector<core::Finding> take(std::string_view gone,
                                  const std::function<bool(const std::string&)>& is_leak) {
    std::vector<core::Finding> out;
    for (auto& [fingerprint, entry] : m_findings) {
      if (!entry.finding.still_present) {
        std::string& message = entry.finding.message;
        if (!message.empty() && message.back() != '.') {
          message += '.';  // rule messages are one sentence without a full stop
        }
        message += is_leak(entry.finding.rule_id) ? gone : " It was deleted since.";
      }
      out.push_back(std::move(entry.finding));
    }
    return out;
  }

 private:
  struct Entry {
    core::Finding finding;
    std::uint64_t order = 0;
    std::vector<std::string> blobs;
  };
  std::mutex m_mutex;
  std::map<std::string, Entry> m_findings;
};

core::Result<std::unique_ptr<core::RepoView>> open_snapshot(const git::Repository& repo, bool index,
                                                            const std::string& rev,
                                                            git::TreeListing* listing = nullptr) {
  return index ? git::index_view(repo)
               : git::tree_view(repo, rev, git::k_snapshot_max_read, listing);
}

bool is_leak_rule(const rules::RuleSet& rules, const std::string& id) {
  const rules::Rule* rule = rules.find(id);
  return rule != nullptr && rule->leak;
}

std::set<std::string> fingerprints_of(const std::vector<core::Finding>& findings) {
  std::set<std::string> out;
  for (const auto& finding : findings) {
    out.insert(finding.fingerprint);
  }
  return out;
}

// The workflow analysis for a git mode. History: HEAD's (or --ref's) tree.
// Staged and range: the snapshot after the change, keeping only the findings
// the change introduces (absent from the "before" side), so a repository that
// still publishes with a token can commit and merge everything else; its
// workflows are still listed. A change touches the analysis when it changes a
// file the analysis reads by name (analysis_reads) or one the analysis of the
// changed snapshot read (a script a workflow calls from anywhere): a path the
// analysis never looked at cannot change its outcome. A staged change that
// touches nothing stops early: only inert files (images, documents) skip the
// analysis, anything else is held against what the analysis read (from the
// cache of the last staged run while it still holds, else by running it).
// `listing`: the analysed tree's listing, as a cache kept it (see git::tree_view).
void analyse_snapshot(const git::Repository& repo, GitMode mode, const std::string& rev,
                      const git::SourceResult& source, const detect::Detector& detector,
                      const SnapshotAnalysis& analysis, core::ScanReport& report,
                      git::TreeListing* listing) {
  const bool staged = mode == GitMode::staged;
  if (!staged && !source.head) {
    return;  // an empty repository: no tree to analyse
  }
  const auto& changed = source.changed_paths;
  auto any_changed = [&](const auto& predicate) {
    return std::any_of(changed.begin(), changed.end(), predicate);
  };
  bool touched =
      any_changed([](const std::string& path) { return workflow::analysis_reads(path); });
  if (staged && !touched &&
      !any_changed([](const std::string& path) { return workflow::analysis_may_read(path); })) {
    return;
  }
  auto after = open_snapshot(repo, staged, rev, listing);
  if (!after) {
    report.issues.push_back({core::ScanIssue::Kind::error, report.target.path, 0,
                             after.error().message + "; workflows were not analysed"});
    return;
  }
  const std::string git_dir = repo.git_dir();
  if (staged && !touched) {
    // The hook's common case, a code change: what the analysis read last time
    // answers without running it, while none of that has changed.
    if (auto reads = cached_analysis_reads(git_dir, **after)) {
      if (!any_changed([&](const std::string& path) { return reads->count(path) > 0; })) {
        return;
      }
      touched = true;
    }
  }
  core::RecordingRepoView recorded(**after);
  core::ScanReport analysed;
  analysis(recorded, detector, analysed);
  if (staged) {
    store_analysis_reads(git_dir, **after, recorded);
  }
  touched =
      touched || any_changed([&](const std::string& path) { return recorded.was_read(path); });
  if (staged && !touched) {
    return;  // the analysis read nothing the change touched: its outcome is HEAD's
  }
  bool only_new = mode == GitMode::staged || mode == GitMode::range;
  if (only_new && !analysed.findings.empty()) {
    std::set<std::string> before;
    if (touched && source.base) {
      auto base = open_snapshot(repo, false, *source.base);
      if (!base) {
        report.issues.push_back(
            {core::ScanIssue::Kind::error, report.target.path, 0,
             base.error().message + "; every workflow finding is reported as new"});
      } else {
        core::ScanReport base_report;
        analysis(**base, detector, base_report);
        before = fingerprints_of(base_report.findings);
      }
    }
    auto& findings = analysed.findings;
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [&](const core::Finding& finding) {
                                    return !touched || before.count(finding.fingerprint) > 0;
                                  }),
                   findings.end());
  }
  core::add_analysis(report, std::move(analysed));
}

}  // namespace

std::vector<int> visited_lines(const detect::Detector& detector, std::string_view content,
                               const std::string& path) {
  FileResult file = scan_bytes(detector, content, path);
  std::vector<int> lines;
  for (const core::Finding& finding : file.findings) {
    lines.push_back(finding.location.line);
  }
  for (const core::Finding& finding : file.inline_ignored) {
    lines.push_back(finding.location.line);
    lines.push_back(*finding.ignore_comment_line);
  }
  return lines;
}

std::future<void> start_git_setup() {
  return std::async(std::launch::async, [] { git::ensure_initialised(); });
}

core::Result<core::ScanReport> scan_git(const GitScanOptions& options,
                                        const DetectorSource& detector,
                                        const SnapshotAnalysis& analysis) {
  auto repo = git::Repository::open(options.path);
  if (!repo) {
    return repo.error();
  }
  core::ScanReport report;
  report.target.path = options.path;
  report.target.mode = k_mode_names.name(options.mode);

  git::SourceOptions source;
  source.refs = options.refs;
  source.jobs = resolve_jobs(options.jobs);
  source.max_blob_size = options.limits.max_file_size;
  source.stop = options.stop;

  // A tree holds each path once and every finding is at the head: all are
  // kept, as a work-tree scan keeps them. The other modes see versions.
  FindingMerger merger;
  std::vector<core::Finding> in_tree;
  std::mutex stats_mutex;
  std::vector<core::ScanIssue> blob_issues;  // binary blobs, unparsable .yarnrc.yml...
  std::set<std::pair<std::string, std::string>> issue_seen;
  std::vector<core::ScanIssue> refused_ignores;
  git::BlobVisitor visit = [&](const git::BlobToScan& blob) {
    FileResult file = scan_bytes(detector(), blob.content, blob.path);
    if (!file.issues.empty() || !file.scanned) {
      std::lock_guard lock(stats_mutex);
      for (auto& issue : file.issues) {
        // Each version of a path is a blob: say each thing once per path.
        if (issue_seen.emplace(issue.path, issue.message).second) {
          blob_issues.push_back(std::move(issue));
        }
      }
      if (!file.scanned) {
        ++report.stats.files_skipped;
        return;
      }
    }
    for (core::Finding& finding : file.inline_ignored) {
      if (!blob.reports_line(finding.location.line)) {
        continue;  // staged/range: not new, so neither reported nor counted
      }
      if (options.mode == GitMode::range && blob.reports_line(*finding.ignore_comment_line) &&
          is_leak_rule(detector().rules(), finding.rule_id)) {
        // The comment came with the change: a pull request may not wave its
        // own credential through (docs/configuration.md, "Inline ignores").
        if (!finding.message.empty() && finding.message.back() != '.') {
          finding.message += '.';
        }
        finding.message += " The inline `npm-token-scan: ignore[" + finding.rule_id +
                           "]` beside it was added by this change and does not suppress a leak "
                           "rule in a range scan: remove the credential and revoke it.";
        std::lock_guard lock(stats_mutex);
        refused_ignores.push_back(
            {core::ScanIssue::Kind::note, blob.path, *finding.ignore_comment_line,
             "inline ignore of leak rule '" + finding.rule_id +
                 "' added by this change: not honoured in a range scan, the finding is reported"});
        file.findings.push_back(std::move(finding));
        continue;
      }
      std::lock_guard lock(stats_mutex);
      ++report.stats.inline_ignored;
    }
    for (core::Finding& finding : file.findings) {
      int line = finding.location.line;
      if (!blob.reports_line(line)) {
        continue;  // staged/range: the line was already there before
      }
      const auto& commit = blob.commit_for_line(line);
      finding.commit = commit ? std::optional<std::string>(commit->sha) : std::nullopt;
      // Range: a blob only a commit of the range held (a later one changed or
      // removed the secret again) is not at the head, but it was pushed.
      finding.still_present = options.mode == GitMode::staged || blob.at_head;
      if (options.mode == GitMode::tree) {
        std::lock_guard lock(stats_mutex);
        in_tree.push_back(std::move(finding));
        continue;
      }
      merger.add(std::move(finding), blob.order, blob.at_head, blob.blob_id);
    }
  };

  core::Result<git::SourceResult> result = core::Error{};
  std::string snapshot_rev = "HEAD";
  HistoryCacheUse cached;
  switch (options.mode) {
    case GitMode::history:
      if (!options.refs.empty()) {
        snapshot_rev = options.refs.front();
      }
      if (options.cache) {
        cached = open_history_cache(*repo, options.refs, options.limits.max_file_size,
                                    detector().rules().rules());
      }
      if (cached.unchanged) {
        result = cached.unchanged_result();
        break;
      }
      source.resume = cached.stored ? std::string_view(cached.stored->walk) : std::string_view();
      source.record = cached.cache ? &cached.walk : nullptr;
      result = git::scan_history(*repo, source, visit);
      break;
    case GitMode::staged:
      result = git::scan_staged(*repo, source, visit);
      break;
    case GitMode::range: {
      auto range = git::parse_range(options.range);
      if (!range) {
        return range.error();
      }
      source.finding_lines = [&detector](std::string_view content, const std::string& path) {
        return visited_lines(detector(), content, path);
      };
      result = git::scan_range(*repo, range->first, range->second, source, visit);
      snapshot_rev = range->second;
      break;
    }
    case GitMode::tree:
      if (!options.refs.empty()) {
        snapshot_rev = options.refs.front();
      }
      result = git::scan_tree(*repo, snapshot_rev, source, visit);
      break;
  }
  if (!result) {
    return result.error();
  }
  report.target.commit = result->head;
  if (cached.stored && (cached.unchanged || result->resumed_commits > 0)) {
    // What the earlier walk's blobs gave, as if they had been visited again.
    for (RecordedFinding& recorded : cached.stored->findings) {
      bool present = recorded.finding.still_present;
      if (!cached.unchanged) {
        present = std::any_of(recorded.blobs.begin(), recorded.blobs.end(), result->at_head);
      }
      merger.add_recorded(std::move(recorded), present);
    }
    for (core::ScanIssue& issue : cached.stored->blob_issues) {
      if (issue_seen.emplace(issue.path, issue.message).second) {
        blob_issues.push_back(std::move(issue));
      }
    }
    report.stats.files_skipped += cached.stored->files_skipped;
    report.stats.inline_ignored += cached.stored->inline_ignored;
  }
  // Stored once the analysis has listed its tree (below).
  std::optional<HistorySnapshot> to_store;
  if (cached.cache && !cached.unchanged && !cached.walk.empty()) {
    to_store = cached.snapshot_of(*result, merger.recorded(), blob_issues, report.stats);
  }
  report.findings =
      options.mode == GitMode::tree
          ? std::move(in_tree)
          : merger.take(
                options.mode == GitMode::range
                    ? " A later commit of this change removed it again, but the commit that added "
                      "it "
                      "stays in the pushed history: revoke it."
                    : " It was deleted since, but it stays in the git history: revoke it.",
                [&](const std::string& id) { return is_leak_rule(detector().rules(), id); });
  report.issues = std::move(result->issues);
  report.issues.insert(report.issues.end(), std::make_move_iterator(blob_issues.begin()),
                       std::make_move_iterator(blob_issues.end()));
  report.issues.insert(report.issues.end(), std::make_move_iterator(refused_ignores.begin()),
                       std::make_move_iterator(refused_ignores.end()));
  report.issues.insert(report.issues.end(), std::make_move_iterator(cached.warnings.begin()),
                       std::make_move_iterator(cached.warnings.end()));
  report.stats.files_scanned = result->blobs - report.stats.files_skipped;
  report.stats.bytes_scanned = result->bytes;

  git::TreeListing analysed_tree;
  if (cached.stored) {
    analysed_tree = std::move(cached.stored->analysed_tree);
  }
  if (analysis) {
    analyse_snapshot(*repo, options.mode, snapshot_rev, *result, detector(), analysis, report,
                     options.mode == GitMode::history ? &analysed_tree : nullptr);
  }
  if (to_store) {
    to_store->analysed_tree = std::move(analysed_tree);
    cached.cache->store(*to_store);
  }
  sort_report(report);
  return report;
}

}  // namespace nts::scan
