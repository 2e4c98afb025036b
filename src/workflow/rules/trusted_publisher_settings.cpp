// Where to register the trusted publisher for each package: the settings on
// npmjs.com and the `npm trust` commands that do the same.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class TrustedPublisherSettings final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void advise(const Conclusion& c, Advice& out) const override {
    const core::TrustedPublisher& tp = *c.publisher;
    auto or_placeholder = [](const std::string& value, const char* placeholder) {
      return value.empty() ? std::string(placeholder) : value;
    };
    std::string environment = tp.environment ? ", environment '" + *tp.environment + "'" : "";
    if (c.provider == Provider::circleci) {
      std::string fields;
      for (const auto& field : c.ctx.k.circleci.fields) {
        if (field.per_context && tp.contexts.empty()) {
          continue;
        }
        fields += (fields.empty() ? "" : "; ") + field.field + " " + field.placeholder + " (" +
                  field.where + ")";
      }
      std::string contexts =
          tp.contexts.empty() ? ""
                              : " The job runs with context(s) " + joined(tp.contexts, ", ") + ".";
      std::string commands = tp.commands.empty() ? tp.command : joined(tp.commands, " ; ");
      out.add(
          "On npmjs.com, open each package's Settings > Trusted publishing and add CircleCI "
          "with " +
          fields + "." + contexts +
          " Or run (npm >= 11.10), replacing each <…> placeholder: " + commands);
      return;
    }
    std::string where =
        c.gitlab ? "On npmjs.com, open each package's Settings > Trusted publishing and add "
                   "GitLab CI/CD with namespace '" +
                       or_placeholder(tp.owner, "<namespace>") + "', project name '" +
                       or_placeholder(tp.repository, "<project>") + "', top-level CI file path '" +
                       tp.ci_file + "'" + environment
                 : "On npmjs.com, open each package's Settings > Trusted publishing and add "
                   "GitHub Actions with owner '" +
                       or_placeholder(tp.owner, "<owner>") + "', repository '" +
                       or_placeholder(tp.repository, "<repo>") + "', workflow '" + tp.workflow +
                       "'" + environment + ", allowed action npm publish";
    if (tp.commands.empty()) {
      out.add(where + "; or run: " + tp.command);
    } else {
      out.add(where + "; or run (npm >= 11.10): " + joined(tp.commands, " ; "));
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::trusted_publisher_settings() {
  return std::make_unique<TrustedPublisherSettings>();
}

}  // namespace nts::workflow
