#pragma once

#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/repo_view.hpp"
#include "core/scan_report.hpp"
#include "core/workflow_report.hpp"
#include "rules/rule_set.hpp"

namespace nts::workflow {

// A release tool pinned below the first version that can publish with
// trusted publishing, and where the pin is written.
struct ToolUpgrade {
  enum class Kind {
    dependency,    // package.json: "semantic-release": "^24.2.0"
    command_pin,   // a workflow run: line: npx semantic-release@24
    action_ref,    // uses: changesets/action@v1.4.0
    action_input,  // with: semantic_version: 19
  };
  Kind kind = Kind::dependency;
  std::string path;      // the file holding the pin (package.json, or the workflow)
  int line = 0;          // 1-based line in the workflow (0 for a dependency)
  std::size_t step = 0;  // the step (action_ref, action_input)
  std::string name;      // the package or action ("semantic-release", "changesets/action")
  std::string written;   // the version as written ("^24.2.0", "24", "v1.4.0", "19")
  std::string minimum;   // the first version that can ("25.0.0", "1.7.0")
  std::string blocker;   // the report's blocker text this upgrade removes
};

// Read-only facts `fix` needs beyond the report, for one publishing job:
// which step publishes, which npm it runs and where Node is chosen. The
// blocker texts in the report are for people; these are for the edit planner.
struct JobMechanics {
  std::string path;               // workflow file
  std::string job;                // job id
  int publish_step = -1;          // index in the job's steps of the first npm publish
  bool reusable_call = false;     // the job calls a reusable workflow that publishes
  bool in_workflow_call = false;  // the file is a reusable workflow
  std::string callee_path;  // reusable_call: the callee in this repository ("" when not local)
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
  // token-scopes.yaml: the GITHUB_TOKEN scopes a new job-level permissions
  // block keeps (a marker found in the job's text and the scopes it needs).
  std::vector<std::string> default_token_scopes;
  std::vector<std::pair<std::string, std::vector<std::string>>> tool_scopes;
  std::vector<std::string> token_markers;
  // The job runs npm on the runner's preinstalled Node: the index of the
  // step before which an actions/setup-node step can choose Node, when the
  // analysis is sure nothing else in the job does (no container, no Node
  // version manager, only actions that leave Node alone before the publish);
  // -1 otherwise. `setup_node_ref`: the tag such a step pins (actions.yaml).
  int setup_node_before = -1;
  std::string setup_node_ref;
  // Release tools whose pinned version blocks trusted publishing, each with
  // the first version that allows it (every blocked client has one when
  // `clients_upgradable`).
  std::vector<ToolUpgrade> tool_upgrades;
  bool clients_upgradable = false;
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
// Where a project keeps a CI file the rules data does not name by default
// (`scan --gitlab-ci-file PATH`, `--circleci-config PATH`: GitLab and
// CircleCI let a project set another path); empty: the default path.
struct AnalysisOptions {
  std::string gitlab_ci_file;
  std::string circleci_config;
};
Analysis analyze_repository(const core::RepoView& repo, const rules::RuleSet& rules,
                            const AnalysisOptions& options = {});

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
