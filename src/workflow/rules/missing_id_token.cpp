// Without an OIDC ID token (GitHub `id-token: write`, GitLab `id_tokens:`)
// in the job and in every caller, npm never attempts trusted publishing.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class MissingIdToken final : public WorkflowRule {
 public:
  std::string_view id() const override { return {}; }  // blockers and advice only

  void block(const Conclusion& c, Blockers& out) const override {
    const auto& k = c.ctx.k;
    if (!c.job.id_token.write && c.provider == Provider::circleci) {
      out.add(c.job.id_token.why);
    } else if (!c.job.id_token.write) {
      out.add(c.gitlab
                  ? "no id_tokens: " + k.gitlab.id_token_variable + " with aud " + k.gitlab.audience
                  : std::string("no id-token: write"));
    }
    for (const auto& caller : c.job.callers_without_id_token) {
      out.add("caller " + caller + " does not grant id-token: write");
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    const auto& a = c.job;
    const auto& k = c.ctx.k;
    const auto* invisible = c.invisible_token;
    if (invisible) {
      out.add("No npm token is visible in the CI configuration, but every " +
              invisible->invisible_variable + " (" + invisible->variable_settings +
              ") reaches jobs without the file naming it, so this publish most likely "
              "authenticates with one (usually " +
              invisible->token_variable + "); trusted publishing replaces it.");
    } else if (!a.id_token.write && !c.has_token) {
      out.add(
          "No npm token and no " +
          (c.gitlab ? "id_tokens: " + k.gitlab.id_token_variable : std::string("id-token: write")) +
          " are visible, so this publish fails with ENEEDAUTH unless the runner provides "
          "credentials; trusted publishing is the fix.");
    }
    if (!a.id_token.write && c.provider == Provider::circleci) {
      out.add("Add to job '" + a.job->id + "', in a run step before the publish: `" +
              k.circleci.oidc_line + "`; npm reads the ID token from " +
              k.circleci.id_token_variable + " (now: " + a.id_token.why + ").");
    } else if (!a.id_token.write && c.gitlab) {
      out.add("Add to job '" + a.job->id + "': `id_tokens: { " + k.gitlab.id_token_variable +
              ": { aud: \"" + k.gitlab.audience + "\" } }` (and " + k.gitlab.sigstore_variable +
              " with aud sigstore for provenance); npm reads the ID token from " +
              k.gitlab.id_token_variable + " (now: " + a.id_token.why + ").");
    } else if (!a.id_token.write) {
      out.add("Add `permissions: id-token: write` (with `contents: read`) to job '" + a.job->id +
              "'; without it npm skips OIDC silently (" + a.id_token.why + ").");
    }
    if (invisible) {
      out.add("After the first trusted publish succeeds, remove the " + invisible->token_variable +
              " " + invisible->invisible_variable + " (" + invisible->variable_settings +
              ") and any .npmrc line that reads it.");
    }
    for (const auto& caller : a.callers_without_id_token) {
      out.add("Grant `id-token: write` in the calling job " + caller +
              ": a called workflow cannot get more permissions than its caller.");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::missing_id_token() {
  return std::make_unique<MissingIdToken>();
}

}  // namespace nts::workflow
