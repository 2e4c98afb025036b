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

  void block(const Conclusion& c, Blockers& out) const override {
    if (!c.has_token) {
      return;
    }
    std::vector<std::string> names;
    for (const auto& token : c.job.tokens) {
      if (std::find(names.begin(), names.end(), token.name) == names.end()) {
        names.push_back(token.name);
      }
    }
    out.add("long-lived token still wired (" + joined(names, ", ") + ")");
  }

  void advise(const Conclusion& c, Advice& out) const override {
    if (c.has_token && !c.job.id_token.write) {
      out.add("After the first trusted publish succeeds, remove " + token_places(c.job) + ".");
    }
  }

  void advise_unknown(const JobAnalysis& a, Advice& out) const override {
    if (!a.held_tokens.empty() || !a.tokens.empty()) {
      out.add(
          "If it publishes, it can do so with the npm token it is handed; move it to "
          "trusted publishing and remove the token.");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::npm_token_publish() {
  return std::make_unique<NpmTokenPublish>();
}

}  // namespace nts::workflow
