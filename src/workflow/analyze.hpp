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

// True for the files any analysis reads by name or pattern: the workflows
// and what sits next to them (package.json, .npmrc, Yarn and release-it
// configs, local actions, Node version files, task files, scripts in tooling
// folders). A staged or range change to one of these counts as touching the
// analysis without further work. A test records every read over the fixtures
// and holds it to this.
bool analysis_reads(std::string_view path);

// False only for files that no workflow command runs and no release tool
// reads (images, fonts, archives, media, documents). Any other path may be a
// script a workflow calls from wherever it lives (`node deploy/publish.mjs`):
// a staged change to one runs the analysis on the staged tree, which records
// what it read, and the change counts only if the analysis read that path.
bool analysis_may_read(std::string_view path);

}  // namespace nts::workflow
