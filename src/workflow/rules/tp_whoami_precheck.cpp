// tp-whoami-precheck: a login check that fails once no token is configured.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class WhoamiPrecheck final : public WorkflowRule {
 public:
  std::string_view id() const override { return "tp-whoami-precheck"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    const auto& a = p.job;
    if (!a.id_token.write || a.callee_job) {
      return;
    }
    for (const auto& precheck : a.prechecks) {
      emit.emit(id(), precheck.where,
                p.label + " runs `" + precheck.tool +
                    "` before publishing; it does not see the OIDC exchange and "
                    "fails once no token is configured.");
    }
    for (std::size_t i = 0; i < a.clients.size() && i < a.npm_publishes.size(); ++i) {
      if (!a.clients[i].precheck.empty()) {
        emit.emit(id(), a.npm_publishes[i].where, p.label + ": " + a.clients[i].precheck + ".");
      }
    }
  }

  void block(const Conclusion& c, Blockers& out) const override {
    for (const auto& precheck : c.exec.prechecks) {
      out.add(precheck.tool + " pre-check");
    }
    for (const auto& client : c.exec.clients) {
      if (!client.precheck.empty()) {
        out.add(client.precheck);
      }
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    for (const auto& precheck : c.exec.prechecks) {
      out.add("Remove the `" + precheck.tool + "` pre-check (line " +
              std::to_string(precheck.where.at.line) +
              "): npm whoami does not see the OIDC exchange and fails without a token.");
    }
    for (const auto& client : c.exec.clients) {
      if (!client.precheck.empty()) {
        out.add("Disable the built-in login check: " + client.precheck + ".");
      }
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::tp_whoami_precheck() {
  return std::make_unique<WhoamiPrecheck>();
}

}  // namespace nts::workflow
