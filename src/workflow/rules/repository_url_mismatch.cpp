// npm rejects a trusted publish whose package.json repository.url does not
// name the repository the workflow runs in (E422).
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class RepositoryUrlMismatch final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void block(const Conclusion& c, Blockers& out) const override {
    for (const auto& problem : c.exec.repository_problems) {
      out.add(problem);
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    for (const auto& problem : c.exec.repository_problems) {
      out.add("Fix package.json: " + problem +
              "; npm rejects a trusted publish whose repository.url does not match the "
              "repository exactly (E422).");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::repository_url_mismatch() {
  return std::make_unique<RepositoryUrlMismatch>();
}

}  // namespace nts::workflow
