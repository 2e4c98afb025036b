// tp-blocked-client: the publishing client cannot do trusted publishing.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class BlockedClient final : public WorkflowRule {
 public:
  std::string_view id() const override { return "tp-blocked-client"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    if (p.job.callee_job) {
      return;
    }
    const auto& a = p.job;
    for (std::size_t i = 0; i < a.clients.size() && i < a.npm_publishes.size(); ++i) {
      if (a.clients[i].status == ClientVerdict::Status::blocked) {
        emit.emit(id(), a.npm_publishes[i].where,
                  p.label + " publishes with " + a.npm_publishes[i].tool + ": " +
                      a.clients[i].reason + ".");
      }
    }
  }

  void block(const Conclusion& c, Blockers& out) const override {
    for (const auto& client : c.exec.clients) {
      if (client.status == ClientVerdict::Status::blocked) {
        out.add_hard(client.reason);
      } else if (client.status == ClientVerdict::Status::unverified) {
        out.add(client.reason);
      }
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    for (const auto& client : c.exec.clients) {
      bool in_doubt = client.status == ClientVerdict::Status::blocked ||
                      client.status == ClientVerdict::Status::unverified;
      if (in_doubt && !client.fix.empty()) {
        out.add("Client: " + client.fix + ".");
      } else if (client.status == ClientVerdict::Status::unverified) {
        out.add("Check: " + client.reason + ".");
      }
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::tp_blocked_client() {
  return std::make_unique<BlockedClient>();
}

}  // namespace nts::workflow
