// What CircleCI trusted publishing does not do (rules/workflow/circleci.yaml):
// clients that do OIDC themselves from GitHub and GitLab only, and provenance.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class CircleciLimits final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void block(const Conclusion& c, Blockers& out) const override {
    if (c.provider != Provider::circleci) {
      return;
    }
    for (const auto& hit : c.exec.npm_publishes) {
      auto found = c.ctx.k.circleci.no_oidc_clients.find(hit.client);
      if (found != c.ctx.k.circleci.no_oidc_clients.end()) {
        out.add(hit.tool + " cannot publish with OIDC from CircleCI (" + found->second + ")");
      }
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    const auto& k = c.ctx.k;
    if (c.provider != Provider::circleci || k.circleci.provenance) {
      return;
    }
    for (const auto& step : c.exec.job->steps) {
      if (step.run && RE2::PartialMatch(step.run->value, *k.provenance) &&
          !RE2::PartialMatch(step.run->value, *k.provenance_not)) {
        auto line = c.ctx.evidence(*step.run).at.line;
        out.add("Drop --provenance (line " + std::to_string(line) +
                "): npm does not support provenance on CircleCI, with trusted publishing or a "
                "token; publish without it.");
        return;
      }
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::circleci_limits() {
  return std::make_unique<CircleciLimits>();
}

}  // namespace nts::workflow
