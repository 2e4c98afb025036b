// npm-token-publish: a long-lived token publishes and no OIDC is possible.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class NpmTokenPublish final : public WorkflowRule {
 public:
  std::string_view id() const override { return "npm-token-publish"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    if (p.job.report.auth != core::Auth::token || p.job.tokens.empty()) {
      return;
    }
    emit.emit(id(), p.token_at,
              p.label + " publishes to npm (" + p.first.tool + ") with " + p.tokens +
                  " and has no id-token: write, so every release depends on a long-lived token; " +
                  p.ctx.k.bypass_2fa.text + ".");
  }

  // The publish is not visible, but a token handed to what may publish is
  // still a finding: "unknown" never turns a token publisher into a pass.
  void find_unknown(const JobAnalysis& a, const FileContext& ctx, Emitter& emit) const override {
    bool passed = !a.tokens.empty();
    const auto& held = passed ? a.tokens : a.held_tokens;
    if (held.empty()) {
      return;
    }
    Evidence at;
    if (passed && !a.token_evidence.empty()) {
      at = a.token_evidence.front();
    } else {
      at.at.line = held.front().line;
      at.at.column = held.front().column;
      at.text = held.front().name;
    }
    std::string reasons;
    for (const auto& hop : a.unresolved) {
      reasons += (reasons.empty() ? "" : "; ") + hop.reason;
    }
    std::string names;
    for (const auto& token : held) {
      names += (names.empty() ? "" : ", ") + token.name +
               (token.from.empty() ? "" : " from " + token.from);
    }
    emit.emit(id(), at,
              "job '" + a.job->id + "' may publish to npm (" + reasons + ") and is handed " +
                  names + "; if it publishes, every release depends on a long-lived token; " +
                  ctx.k.bypass_2fa.text + ".");
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::npm_token_publish() {
  return std::make_unique<NpmTokenPublish>();
}

}  // namespace nts::workflow
