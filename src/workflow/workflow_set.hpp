#pragma once

#include <memory>
#include <vector>

#include "workflow/context.hpp"
#include "workflow/job_analysis.hpp"

namespace nts::workflow {

// One parsed workflow file with its jobs' analyses; the analysis of a
// repository holds one per file under .github/workflows, sorted by path.
struct ParsedFile {
  Workflow workflow;
  std::unique_ptr<SourceText> source;
  std::unique_ptr<FileContext> ctx;
  std::vector<JobAnalysis> jobs;
};
using WorkflowSet = std::vector<std::unique_ptr<ParsedFile>>;

// --- reusable.cpp ----------------------------------------------------------
// The repository path of a reusable workflow `uses:` that this repository
// holds itself: `./.github/workflows/x.yml`, or `owner/repo/.github/workflows/
// x.yml@ref` naming this repository (`self`). "" for another repository's.
std::string local_callee_path(const std::string& uses, const RepoSlug& self);

// Before the jobs are analysed: the inputs every local caller passes the same
// way replace a reusable workflow's declared defaults, and `${{ inputs.x }}`
// in the values the analysis reads as a whole (with:, working-directory,
// environment, runs-on) becomes the input's value.
void apply_call_inputs(WorkflowSet& files, const RepoSlug& self);

// After the jobs are analysed: links every call of a reusable workflow to the
// jobs it runs, through nested calls (cycles cut), so that a caller publishes
// when its callee does, holds the token the callee makes of the secrets it is
// passed (whatever their names), and a callee knows every chain of callers and
// its top-level callers' file names (npm's trusted publisher). A call that
// cannot be followed is recorded in the caller's unresolved hops.
void link_reusable_workflows(WorkflowSet& files, const RepoSlug& self);

// --- hints.cpp -------------------------------------------------------------
// What in a job suggests an npm release (publish-hints.yaml), and where its
// chain leaves what the scanner reads (facts.unresolved plus steps using
// actions the scanner neither knows nor knows to be inert).
void note_publish_hints(JobAnalysis& a, const FileContext& ctx);

}  // namespace nts::workflow
