// tp-npm-too-old: the job relies on OIDC, but its npm never attempts it.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class NpmTooOld final : public WorkflowRule {
 public:
  std::string_view id() const override { return "tp-npm-too-old"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    const auto& npm = p.exec.npm;
    if (!p.job.id_token.write || p.job.callee_job || !npm ||
        npm->status != NpmInfo::Status::too_old) {
      return;
    }
    Evidence at = npm->at ? *npm->at : p.first.where;
    emit.emit(id(), at,
              p.label + " relies on OIDC but publishes with " + npm->detail + "; npm before " +
                  p.ctx.k.min_npm + " never attempts trusted publishing" +
                  (p.job.tokens.empty() ? " and fails with ENEEDAUTH."
                                        : ", so the token is what publishes."));
  }

  void block(const Conclusion& c, Blockers& out) const override {
    const auto& npm = c.exec.npm;
    if (npm &&
        (npm->status == NpmInfo::Status::too_old || npm->status == NpmInfo::Status::unknown)) {
      out.add(npm->detail);
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    const auto& npm = c.exec.npm;
    const auto& k = c.ctx.k;
    if (!npm || npm->status == NpmInfo::Status::capable) {
      return;
    }
    std::string lts = std::to_string(k.lts_major);
    if (c.provider == Provider::circleci) {
      out.add("Publish with npm >= " + k.circleci.min_npm + " (CircleCI support in npm; source: " +
              k.circleci.min_npm_source + ") on Node >= " + k.min_node +
              ": use a `cimg/node:" + lts + "` image and run `npm install -g npm@^" +
              k.circleci.min_npm + "` before publishing (now: " + npm->detail + ").");
      return;
    }
    if (c.gitlab) {
      out.add("Publish with npm >= " + k.min_npm + " on Node >= " + k.min_node +
              ": use `image: node:" + lts + "`, or add `" + k.npm_upgrade_command +
              "` to before_script (now: " + npm->detail + ").");
      return;
    }
    // Where the Node version is written is where it is changed: the version
    // file setup-node reads, or its node-version input.
    std::string set_node = npm->version_file.empty()
                               ? "set `node-version: " + lts + "` in actions/setup-node"
                               : "write " + lts + " in '" + npm->version_file +
                                     "' (actions/setup-node reads it through node-version-file)";
    out.add("Publish with npm >= " + k.min_npm + " on Node >= " + k.min_node + ": " + set_node +
            ", or add `" + k.npm_upgrade_command + "` before publishing (now: " + npm->detail +
            ").");
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::tp_npm_too_old() {
  return std::make_unique<NpmTooOld>();
}

}  // namespace nts::workflow
