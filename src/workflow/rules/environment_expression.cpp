// A trusted publisher names one environment; a name computed at run time
// cannot be registered.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class EnvironmentExpression final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void block(const Conclusion& c, Blockers& out) const override {
    const auto& environment = c.job.job->environment;
    if (environment && environment->value.find(c.gitlab ? "$" : "${{") != std::string::npos) {
      out.add("environment name is an expression");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::environment_expression() {
  return std::make_unique<EnvironmentExpression>();
}

}  // namespace nts::workflow
