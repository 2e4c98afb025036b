// Benchmark driver for the git sources (issue 4): runs a history, staged or
// range scan through the real detector and prints what it read and found.
//
//   history-bench history REPO [JOBS]
//   history-bench staged REPO [REPEAT]   # REPEAT > 1: in-process runs, median latency
//   history-bench range REPO BASE..HEAD
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "detect/detector.hpp"
#include "git/blob_source.hpp"
#include "rules/builtin_rules.hpp"
#include "scan/file_scanner.hpp"

using namespace nts;
using Clock = std::chrono::steady_clock;

namespace {

struct Tally {
  std::mutex mutex;
  std::size_t findings = 0;
  std::set<std::string> secrets;  // digests: distinct secrets found
  std::set<std::string> deleted;  // digests of secrets found only in blobs no longer at HEAD
  std::set<std::string> present;
};

int fail(const core::Error& error) {
  std::fprintf(stderr, "history-bench: %s\n", error.describe().c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: history-bench history|staged|range REPO [JOBS|REPEAT|BASE..HEAD]\n");
    return 2;
  }
  std::string mode = argv[1];
  std::string path = argv[2];
  auto rule_set = rules::RuleSet::compile(rules::builtin_rules());
  if (!rule_set) {
    return fail(rule_set.error());
  }
  auto detector = detect::Detector::create(*rule_set);
  if (!detector) {
    return fail(detector.error());
  }

  Tally tally;
  git::BlobVisitor visit = [&](const git::BlobToScan& blob) {
    scan::FileResult result = scan::scan_bytes(*detector, blob.content, blob.path);
    std::lock_guard lock(tally.mutex);
    for (const core::Finding& finding : result.findings) {
      if (!blob.reports_line(finding.location.line)) {
        continue;
      }
      ++tally.findings;
      tally.secrets.insert(finding.secret_digest);
      (blob.at_head ? tally.present : tally.deleted).insert(finding.secret_digest);
    }
  };

  git::SourceOptions options;
  int repeat = 1;
  if (mode == "history" && argc > 3) {
    options.jobs = static_cast<unsigned>(std::stoi(argv[3]));
  }
  if (mode == "staged" && argc > 3) {
    repeat = std::max(1, std::stoi(argv[3]));
  }
  std::vector<double> millis;
  core::Result<git::SourceResult> result = core::Error{"no run", std::nullopt, "", ""};
  for (int run = 0; run < repeat; ++run) {
    auto start = Clock::now();
    auto repo = git::Repository::open(path);  // inside the timing: a pre-commit hook opens it too
    if (!repo) {
      return fail(repo.error());
    }
    if (mode == "history") {
      result = git::scan_history(*repo, options, visit);
    } else if (mode == "staged") {
      result = git::scan_staged(*repo, options, visit);
    } else if (mode == "range" && argc > 3) {
      auto range = git::parse_range(argv[3]);
      if (!range) {
        return fail(range.error());
      }
      result = git::scan_range(*repo, range->first, range->second, options, visit);
    } else {
      std::fprintf(stderr, "history-bench: unknown mode '%s'\n", mode.c_str());
      return 2;
    }
    if (!result) {
      return fail(result.error());
    }
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::size_t errors =
      std::count_if(result->issues.begin(), result->issues.end(),
                    [](const auto& issue) { return issue.kind == core::ScanIssue::Kind::error; });
  std::size_t only_deleted = 0;
  for (const std::string& digest : tally.deleted) {
    only_deleted += tally.present.count(digest) == 0 ? 1 : 0;
  }
  std::sort(millis.begin(), millis.end());
  std::printf(
      "%s: %zu commits, %zu blobs, %.1f MB scanned, %zu findings, %zu distinct secrets "
      "(%zu no longer at HEAD), %zu notes, %zu errors\n",
      mode.c_str(), result->commits, result->blobs, static_cast<double>(result->bytes) / 1e6,
      tally.findings / static_cast<std::size_t>(repeat), tally.secrets.size(), only_deleted,
      result->issues.size() - errors, errors);
  std::printf("%s: median %.2f ms over %d run(s) (min %.2f, max %.2f)\n", mode.c_str(),
              millis[millis.size() / 2], repeat, millis.front(), millis.back());
  for (const core::ScanIssue& issue : result->issues) {
    if (issue.kind == core::ScanIssue::Kind::error) {
      std::fprintf(stderr, "error: %s: %s\n", issue.path.c_str(), issue.message.c_str());
    }
  }
  return 0;
}
