// bypass-2fa-deadline: direct token publishing has an end date.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class Bypass2faDeadline final : public WorkflowRule {
 public:
  std::string_view id() const override { return "bypass-2fa-deadline"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    if (p.job.report.auth != core::Auth::token || p.job.tokens.empty()) {
      return;
    }
    emit.emit(
        id(), p.first.where,
        p.label + " publishes directly with a token (" + p.first.tool + "); " +
            p.ctx.k.bypass_2fa.text +
            ", so move to trusted publishing or to a stage-only token with npm stage publish.");
  }

  void advise(const Conclusion& c, Advice& out) const override {
    if (c.token_likely()) {
      // A registry write OIDC does not cover keeps its own token.
      std::string which =
          c.exec.token_commands.empty() ? "the npm token" : "the token the publish used";
      out.add(
          "Then set each package to 'Require two-factor authentication and disallow tokens' and "
          "revoke " +
          which + " (" + c.ctx.k.bypass_2fa.text + ").");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::bypass_2fa_deadline() {
  return std::make_unique<Bypass2faDeadline>();
}

}  // namespace nts::workflow
