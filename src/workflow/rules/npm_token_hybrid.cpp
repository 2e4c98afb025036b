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
    // The closer npm's end of bypass-2FA token publishing, the more urgent:
    // high from the date the rules data names (deadlines.yaml).
    const auto& deadline = p.ctx.k.bypass_2fa;
    std::optional<core::Severity> at_least;
    std::string when;
    if (auto days = days_until(deadline.date);
        days && deadline.high_from_days_before > 0 && *days <= deadline.high_from_days_before) {
      at_least = core::Severity::high;
      when = *days > 0 ? " " + deadline.text + " (" + std::to_string(*days) + " days left)."
                       : " " + deadline.text + ", and that date has come.";
    }
    emit.emit(id(), p.token_at,
              p.label + " has id-token: write but still hands npm " + p.tokens +
                  "; npm tries OIDC first and silently falls back to that token, so the token "
                  "remains a working credential." +
                  when,
              at_least);
  }

  void advise(const Conclusion& c, Advice& out) const override {
    if (c.has_token && c.job.id_token.write) {
      out.add("npm tries OIDC first but silently falls back to the token: remove " +
              token_places(c.job) + " once a trusted publish has succeeded.");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::npm_token_hybrid() {
  return std::make_unique<NpmTokenHybrid>();
}

}  // namespace nts::workflow
