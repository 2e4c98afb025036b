#include "cli/context.hpp"
#include "workflow/analyze.hpp"

namespace nts::cli {

scan::SnapshotAnalysis snapshot_analysis(workflow::AnalysisOptions options) {
  return [options = std::move(options)](const core::RepoView& snapshot, const rules::RuleSet& rules,
                                        core::ScanReport& report) {
    auto analysis = workflow::analyze_repository(snapshot, rules, options);
    // The analysis quotes workflow lines; a literal token in one must not reach a report.
    if (auto detector = detect::Detector::create(rules)) {
      for (auto& finding : analysis.findings) {
        finding.snippet = detector->mask_secrets(finding.snippet);
        finding.message = detector->mask_secrets(finding.message);
      }
      for (auto& workflow : analysis.workflows) {
        for (auto& job : workflow.jobs) {
          for (auto* texts : {&job.advice, &job.blockers}) {
            for (auto& text : *texts) {
              text = detector->mask_secrets(text);
            }
          }
          for (auto& source : job.token_sources) {
            source.from = detector->mask_secrets(source.from);
          }
        }
      }
    }
    report.workflows = std::move(analysis.workflows);
    report.findings.insert(report.findings.end(),
                           std::make_move_iterator(analysis.findings.begin()),
                           std::make_move_iterator(analysis.findings.end()));
    report.issues.insert(report.issues.end(), std::make_move_iterator(analysis.issues.begin()),
                         std::make_move_iterator(analysis.issues.end()));
  };
}

}  // namespace nts::cli
