#include "config/policy.hpp"

#include "config/baseline.hpp"
#include "config/move_out.hpp"

namespace nts::config {

void apply_policy(const Policy& policy, core::ScanReport& report, PolicyOutcome* outcome) {
  if (policy.repo_config) {
    auto ignored = apply_repo_config(*policy.repo_config, report.findings,
                                     outcome != nullptr ? &outcome->ignored_by_config : nullptr);
    report.stats.ignored_by_config = ignored;
    if (ignored > 0) {
      report.issues.push_back(
          {core::ScanIssue::Kind::note, policy.repo_config->source, 0, ignored_note(ignored)});
    }
  }
  move_out(report.findings, nullptr,
           [&](const core::Finding& f) { return f.confidence < policy.min_confidence; });
  if (!policy.baseline) {
    return;
  }
  const Baseline& baseline = *policy.baseline;
  if (baseline.missing_note) {
    report.issues.push_back(
        {core::ScanIssue::Kind::note, baseline.name, 0, *baseline.missing_note});
  }
  auto dropped = apply_baseline(report.findings, baseline.fingerprints,
                                outcome != nullptr ? &outcome->accepted_by_baseline : nullptr);
  if (dropped > 0) {
    // Said out loud (stderr and the report's errors/notifications), so that a
    // clean report never hides that findings were accepted.
    report.issues.push_back({core::ScanIssue::Kind::note, baseline.name, 0,
                             std::to_string(dropped) + (dropped == 1 ? " finding" : " findings") +
                                 " left out: accepted in this baseline"});
  }
}

}  // namespace nts::config
