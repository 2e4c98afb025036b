// A job that publishes, but to GitHub Packages or another registry: npm
// trusted publishing does not apply there.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class OtherRegistry final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void advise_not_npm(const JobAnalysis& a, const FileContext& ctx, Advice& out) const override {
    for (const auto& other : a.other_publishes) {
      std::string host = registry_host(other.registry);
      if (is_github_packages(ctx.k, other.registry)) {
        out.add("'" + other.tool + "' publishes to GitHub Packages (" + host + ", from " +
                other.registry_source +
                "), not to registry.npmjs.org: npm trusted publishing does not apply; "
                "authenticate with GITHUB_TOKEN and packages: write.");
      } else {
        out.add("'" + other.tool + "' publishes to " + (host.empty() ? other.registry : host) +
                ", not to registry.npmjs.org: npm trusted publishing does not apply there.");
      }
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::other_registry() {
  return std::make_unique<OtherRegistry>();
}

}  // namespace nts::workflow
