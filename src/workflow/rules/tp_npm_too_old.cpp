// tp-npm-too-old: the job relies on OIDC, but its npm never attempts it.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class NpmTooOld final : public WorkflowRule {
 public:
  std::string_view id() const override { return "tp-npm-too-old"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    const auto& npm = p.exec.npm;
    if (!p.job.id_token.write || p.job.callee_job || !npm ||
        npm->status != NpmInfo::Status::too_old) {
      return;
    }
    Evidence at = npm->at ? *npm->at : p.first.where;
    emit.emit(id(), at,
              p.label + " relies on OIDC but publishes with " + npm->detail + "; npm before " +
                  p.ctx.k.min_npm + " never attempts trusted publishing" +
                  (p.job.tokens.empty() ? " and fails with ENEEDAUTH."
                                        : ", so the token is what publishes."));
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::tp_npm_too_old() {
  return std::make_unique<NpmTooOld>();
}

}  // namespace nts::workflow
