#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/repo_config.hpp"
#include "core/scan_report.hpp"
#include "core/severity.hpp"

namespace nts::config {

// Accepted findings (--baseline FILE): their fingerprints, and the name the
// notes give the file. `missing_note`, when set, says why nothing is accepted
// (a range scan found no baseline in its BASE).
struct Baseline {
  std::string name;
  std::set<std::string> fingerprints;
  std::optional<std::string> missing_note;
};

// What a finished report keeps, decided once for every command (`scan` in each
// mode and `org` for each repository): the repository's own config, then
// --min-confidence, then the baseline.
struct Policy {
  std::optional<RepoConfig> repo_config;
  core::Confidence min_confidence = core::Confidence::low;
  std::optional<Baseline> baseline;
};

// What the policy left out, for callers that show or record it: `org` counts
// the leaks a repository config hid; --write-baseline writes every finding
// above the confidence floor, the accepted ones included.
struct PolicyOutcome {
  std::vector<core::Finding> ignored_by_config;
  std::vector<core::Finding> accepted_by_baseline;
};

// Applies the policy to a scan's report: drops what it leaves out, counts it
// in report.stats and says so in a note (never a silent suppression).
void apply_policy(const Policy& policy, core::ScanReport& report, PolicyOutcome* outcome = nullptr);

}  // namespace nts::config
