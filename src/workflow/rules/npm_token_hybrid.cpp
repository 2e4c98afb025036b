// npm-token-hybrid: OIDC is possible, but npm falls back to a wired token.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class NpmTokenHybrid final : public WorkflowRule {
 public:
  std::string_view id() const override { return "npm-token-hybrid"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    if (p.job.report.auth != core::Auth::hybrid) {
      return;
    }
    emit.emit(
        id(), p.token_at,
        p.label + " has id-token: write but still hands npm " + p.tokens +
            "; npm tries OIDC first and silently falls back to that token, so the token remains a "
            "working credential.");
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::npm_token_hybrid() {
  return std::make_unique<NpmTokenHybrid>();
}

}  // namespace nts::workflow
