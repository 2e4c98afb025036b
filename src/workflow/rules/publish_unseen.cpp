// The chain left what the scanner reads (publishes_npm "unknown"): say so, with
// what suggests an npm release and where the evidence ran out.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class PublishUnseen final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void advise_unknown(const JobAnalysis& a, Advice& out) const override {
    std::vector<std::string> reasons;
    for (const auto& hop : a.unresolved) {
      reasons.push_back(hop.reason);
    }
    out.add("The scanner cannot see whether job '" + a.job->id +
            "' publishes to npm, but it looks like an npm release (" +
            joined(a.publish_hints, "; ") + "). Check what runs there: " + joined(reasons, "; ") +
            ".");
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::publish_unseen() {
  return std::make_unique<PublishUnseen>();
}

}  // namespace nts::workflow
