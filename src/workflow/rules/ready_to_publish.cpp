// Nothing left to change in the workflow: what remains is on npmjs.com.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class ReadyToPublish final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void advise(const Conclusion& c, Advice& out) const override {
    if (c.readiness == core::Readiness::ready && c.provider == Provider::circleci &&
        !c.ctx.k.circleci.provenance) {
      out.add(
          "Ready: make sure the trusted publisher is configured on npmjs.com for every package; "
          "CircleCI trusted publishing generates no provenance.");
    } else if (c.readiness == core::Readiness::ready) {
      out.add(
          "Ready: make sure the trusted publisher is configured on npmjs.com for every package; "
          "provenance is generated automatically for public packages from public repositories.");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::ready_to_publish() {
  return std::make_unique<ReadyToPublish>();
}

}  // namespace nts::workflow
