#pragma once

#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/workflow_report.hpp"

namespace nts::core {

// Something the scan could not do. `kind` note: skipped on purpose (size limit,
// binary, submodule); error: input that should have been read was not
// (unreadable file, malformed workflow, corrupt object) and makes the exit code 3.
struct ScanIssue {
  enum class Kind { note, error };
  Kind kind = Kind::error;
  std::string path;
  int line = 0;
  std::string message;
};

struct ScanTarget {
  std::string path = ".";
  std::string mode = "worktree";  // worktree|history|staged|range
  std::optional<std::string> commit;
};

struct ScanStats {
  std::size_t files_scanned = 0;
  std::size_t bytes_scanned = 0;
  std::size_t files_skipped = 0;
  std::size_t ignored_by_config = 0;  // findings the repository's .npm-token-scan.yaml left out
  std::size_t inline_ignored = 0;     // findings an inline `npm-token-scan: ignore[…]` left out
};

struct ScanReport {
  ScanTarget target;
  std::vector<Finding> findings;
  std::vector<WorkflowReport> workflows;
  std::vector<ScanIssue> issues;
  ScanStats stats;
};

// Adds what an analysis of the repository's files found (its workflows,
// findings and issues: a ScanReport, or the workflow analysis' own result)
// to a scan's report, taking them from `analysis`.
template <typename Analysis>
void add_analysis(ScanReport& report, Analysis&& analysis) {
  report.workflows = std::move(analysis.workflows);
  report.findings.insert(report.findings.end(), std::make_move_iterator(analysis.findings.begin()),
                         std::make_move_iterator(analysis.findings.end()));
  report.issues.insert(report.issues.end(), std::make_move_iterator(analysis.issues.begin()),
                       std::make_move_iterator(analysis.issues.end()));
}

}  // namespace nts::core
