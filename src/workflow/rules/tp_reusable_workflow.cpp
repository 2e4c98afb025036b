// tp-reusable-workflow: npm matches the top-level caller's workflow file.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class ReusableWorkflow final : public WorkflowRule {
 public:
  std::string_view id() const override { return "tp-reusable-workflow"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    const auto& a = p.job;
    if (!a.in_workflow_call) {
      return;
    }
    std::string callers = a.caller_files.empty()
                              ? std::string("its callers' file names")
                              : "the caller's file name (" + a.caller_files.front() + ")";
    emit.emit(id(), p.first.where,
              p.label +
                  " publishes to npm inside a reusable workflow (on: workflow_call); npm matches " +
                  callers + ", not " + p.ctx.workflow.file_name +
                  ", and the calling job needs id-token: write too.");
  }

  void advise(const Conclusion& c, Advice& out) const override {
    const auto& a = c.job;
    if (a.in_workflow_call && a.caller_files.empty()) {
      out.add(
          "This is a reusable workflow (on: workflow_call): npm matches the CALLING workflow's "
          "file name, so register the caller's file (no local caller was found) and give both "
          "the calling job and this job id-token: write.");
    } else if (a.in_workflow_call) {
      out.add("npm checks the calling workflow, not this file: register " +
              joined(a.caller_files, ", ") +
              " as the trusted publisher workflow (one publisher per package), and grant "
              "id-token: write in the calling job as well as here.");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::tp_reusable_workflow() {
  return std::make_unique<ReusableWorkflow>();
}

}  // namespace nts::workflow
