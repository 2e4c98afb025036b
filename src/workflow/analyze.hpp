#pragma once

#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/repo_view.hpp"
#include "core/scan_report.hpp"
#include "core/workflow_report.hpp"
#include "rules/rule_set.hpp"

namespace nts::workflow {

// Read-only facts `fix` needs beyond the report, for one publishing job:
// which step publishes, which npm it runs and where Node is chosen. The
// blocker texts in the report are for people; these are for the edit planner.
struct JobMechanics {
  std::string path;                // workflow file
  std::string job;                 // job id
  int publish_step = -1;           // index in the job's steps of the first npm publish
  bool reusable_call = false;      // the job calls a reusable workflow that publishes
  bool in_workflow_call = false;   // the file is a reusable workflow
  bool clients_supported = false;  // every publishing client runs npm or does OIDC itself
  enum class Npm { not_npm, capable, too_old, unknown };
  Npm npm = Npm::not_npm;
  std::string npm_detail;    // the npm blocker text, as in the report
  std::string node;          // resolved Node version ("20", "22.14.0"), "" unknown
  std::string version_file;  // setup-node's node-version-file, when Node comes from it
  int node_line = 0;         // where Node is chosen (setup-node input, container), 1-based
  int node_column = 0;
  // clients.yaml: what fix writes.
  int lts_major = 0;
  std::string min_node;
  std::string npm_upgrade_command;
};

struct Analysis {
  std::vector<core::WorkflowReport>
      workflows;                        // every .github/workflows/*.yml|yaml, sorted by path
  std::vector<core::Finding> findings;  // rules with engine: workflow
  std::vector<core::ScanIssue> issues;  // malformed workflows (kind error) and the like
  std::vector<JobMechanics> mechanics;  // publishing jobs, in report order
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
