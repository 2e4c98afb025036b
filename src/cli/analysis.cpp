#include "cli/context.hpp"
#include "workflow/analyze.hpp"

namespace nts::cli {

scan::SnapshotAnalysis snapshot_analysis() {
  return [](const core::RepoView& snapshot, const rules::RuleSet& rules, core::ScanReport& report) {
    auto analysis = workflow::analyze_repository(snapshot, rules);
    report.workflows = std::move(analysis.workflows);
    report.findings.insert(report.findings.end(),
                           std::make_move_iterator(analysis.findings.begin()),
                           std::make_move_iterator(analysis.findings.end()));
    report.issues.insert(report.issues.end(), std::make_move_iterator(analysis.issues.begin()),
                         std::make_move_iterator(analysis.issues.end()));
  };
}

}  // namespace nts::cli
