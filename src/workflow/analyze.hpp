#pragma once

#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/repo_view.hpp"
#include "core/scan_report.hpp"
#include "core/workflow_report.hpp"
#include "rules/rule_set.hpp"

namespace nts::workflow {

struct Analysis {
  std::vector<core::WorkflowReport>
      workflows;                        // every .github/workflows/*.yml|yaml, sorted by path
  std::vector<core::Finding> findings;  // rules with engine: workflow
  std::vector<core::ScanIssue> issues;  // malformed workflows (kind error) and the like
};

// Analyses every workflow of the snapshot: which jobs publish to npm, how they
// authenticate, whether they can move to trusted publishing and how. `rules`
// supplies severity, confidence, message and help of the workflow rules; a
// rule missing from the set (switched off) produces no finding. Never throws.
Analysis analyze_repository(const core::RepoView& repo, const rules::RuleSet& rules);

// True when a change to `path` can change what analyze_repository finds: the
// workflows and every file the analysis reads next to them (package.json,
// .npmrc, Yarn and release-it configs, local actions, Node version files).
// Staged and range scans skip the analysis of changes that touch none of
// these. A test records every read over the fixtures and holds it to this.
bool analysis_reads(std::string_view path);

}  // namespace nts::workflow
