// A publish through a proxy in front of npm (publish-hints.yaml proxies): the
// proxy holds npm's credential, so the job can never publish with OIDC.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class PublishingProxy final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void block(const Conclusion& c, Blockers& out) const override {
    if (const ProxyRegistry* proxy = c.exec.proxy) {
      out.add_hard("publishes through " + proxy->name + " (" + proxy->host +
                   "), which holds the npm credential; trusted publishing needs the publish to "
                   "go to registry.npmjs.org");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::publishing_proxy() {
  return std::make_unique<PublishingProxy>();
}

}  // namespace nts::workflow
