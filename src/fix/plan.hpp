#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/repo_view.hpp"
#include "core/scan_report.hpp"
#include "core/workflow_report.hpp"
#include "fix/job_editor.hpp"
#include "rules/rule_set.hpp"
#include "workflow/analyze.hpp"

namespace nts::fix {

struct FixOptions {
  // --job WORKFLOW:JOB: only these jobs (WORKFLOW is the path or the file
  // name); empty means every job.
  std::vector<std::string> jobs;
  // True when text holds a secret (the CLI passes the detector): a diff that
  // would show one is not produced; that job is left for a person.
  std::function<bool(std::string_view)> holds_secret;
  // Where the repository keeps its GitLab and CircleCI files (the analysis
  // plans on the same jobs `scan` reports).
  workflow::AnalysisOptions analysis;
};

// What fix decided for one job of the analysis.
struct JobOutcome {
  enum class Status {
    fixed,           // edits planned, and the edited repository re-analyses as oidc/ready
    not_fixed,       // publishes with a token, but not safely changeable: `reason`
    nothing_to_do,   // already publishes with trusted publishing
    not_publishing,  // does not publish to npm
    not_selected     // left out by --job
  };
  std::string path;
  std::string job;
  core::Publishes publishes = core::Publishes::no;
  core::Auth auth = core::Auth::none;  // before
  Status status = Status::not_publishing;
  std::string reason;
  std::vector<FileEdit> edits;  // offsets into the original files
  std::vector<std::string> notes;
  std::optional<core::TrustedPublisher> trusted_publisher;
  std::vector<std::string> token_names;  // what to revoke afterwards: "NODE_AUTH_TOKEN (secrets.X)"
  // A reusable workflow's path when this job changes with it and its other
  // callers: fixed together or not at all.
  std::string group;
};

// One file the fix changes.
struct FileChange {
  std::string path;
  std::string before;
  std::string after;
};

struct FixPlan {
  std::vector<JobOutcome> jobs;
  std::vector<FileChange> files;        // sorted by path
  std::vector<core::ScanIssue> issues;  // what the analysis could not read
};

std::string_view to_string(JobOutcome::Status status);

// Plans the move of every token or hybrid publishing job the analysis fully
// understands to trusted publishing, as byte-range edits of the original
// files, and checks them: the edited repository is analysed again and a job
// counts as fixed only when it then publishes with OIDC and nothing blocks it
// (otherwise its edits are dropped and the reason says why). Never throws.
FixPlan plan_fix(const core::RepoView& repo, const rules::RuleSet& rules,
                 const FixOptions& options);

}  // namespace nts::fix
