// tp-blocked-runner: npm accepts OIDC tokens from GitHub-hosted runners only.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class BlockedRunner final : public WorkflowRule {
 public:
  std::string_view id() const override { return "tp-blocked-runner"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    using Kind = RunnerInfo::Kind;
    const auto& runner = p.exec.runner;
    bool not_hosted = runner.kind == Kind::self_hosted || runner.kind == Kind::custom ||
                      runner.kind == Kind::expression;
    if (!not_hosted || !runner.at || p.job.callee_job) {
      return;
    }
    std::string what =
        runner.kind == Kind::self_hosted
            ? "a self-hosted runner"
            : "runner '" + runner.label + "', which is not a standard GitHub-hosted label";
    emit.emit(id(), *runner.at,
              p.label + " publishes to npm from " + what +
                  "; npm trusted publishing only accepts GitHub-hosted runners.");
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::tp_blocked_runner() {
  return std::make_unique<BlockedRunner>();
}

}  // namespace nts::workflow
