// publish-from-pull-request-target: secrets and OIDC on behalf of untrusted pull requests.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class PullRequestTarget final : public WorkflowRule {
 public:
  std::string_view id() const override { return "publish-from-pull-request-target"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    if (!p.job.pull_request_target || !p.job.trigger_at) {
      return;
    }
    emit.emit(
        id(), *p.job.trigger_at,
        p.label +
            " publishes to npm in a workflow triggered by pull_request_target, which runs with the "
            "base repository's secrets and OIDC token for untrusted pull requests.");
  }

  void block(const Conclusion& c, Blockers& out) const override {
    if (c.job.pull_request_target) {
      out.add("triggered by pull_request_target");
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    if (c.job.pull_request_target) {
      out.add(
          "Do not publish from a pull_request_target workflow: it runs with secrets and id-token "
          "on behalf of untrusted pull requests. Publish from push tags, release or "
          "workflow_dispatch.");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::publish_from_pull_request_target() {
  return std::make_unique<PullRequestTarget>();
}

}  // namespace nts::workflow
