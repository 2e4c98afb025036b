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
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::tp_reusable_workflow() {
  return std::make_unique<ReusableWorkflow>();
}

}  // namespace nts::workflow
