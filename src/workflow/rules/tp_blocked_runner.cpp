// tp-blocked-runner: npm accepts OIDC tokens from GitHub-hosted runners only.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

class BlockedRunner final : public WorkflowRule {
 public:
  std::string_view id() const override { return "tp-blocked-runner"; }
  void find(const PublishingJob& p, Emitter& emit) const override {
    using Kind = RunnerInfo::Kind;
    const auto& runner = p.exec.runner;
    bool not_hosted = runner.kind == Kind::self_hosted || runner.kind == Kind::custom ||
                      runner.kind == Kind::expression;
    if (!not_hosted || !runner.at || p.job.callee_job) {
      return;
    }
    if (p.ctx.workflow.provider == Provider::circleci) {
      emit.emit(id(), *runner.at,
                p.label + " publishes to npm from the self-hosted runner class '" + runner.label +
                    "'; npm trusted publishing only accepts CircleCI cloud.");
      return;
    }
    std::string what =
        runner.kind == Kind::self_hosted
            ? "a self-hosted runner"
            : "runner '" + runner.label + "', which is not a standard GitHub-hosted label";
    emit.emit(id(), *runner.at,
              p.label + " publishes to npm from " + what +
                  "; npm trusted publishing only accepts GitHub-hosted runners.");
  }

  void block(const Conclusion& c, Blockers& out) const override {
    using Kind = RunnerInfo::Kind;
    const auto& runner = c.exec.runner;
    if (runner.kind == Kind::self_hosted && c.provider == Provider::circleci) {
      out.add_hard("self-hosted runner (resource_class '" + runner.label + "')");
    } else if (runner.kind == Kind::self_hosted) {
      out.add_hard(c.gitlab ? "self-managed runner (tag '" + runner.label + "')"
                            : std::string("self-hosted runner"));
    } else if (runner.kind == Kind::custom) {
      out.add("runner '" + runner.label + "' is not a standard GitHub-hosted label");
    } else if (runner.kind == Kind::expression) {
      out.add("runner chosen by an expression (" + runner.label + ")");
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    using Kind = RunnerInfo::Kind;
    const auto& runner = c.exec.runner;
    const auto& k = c.ctx.k;
    if (c.provider == Provider::circleci && runner.kind == Kind::self_hosted) {
      out.add(
          "Run the publish job on CircleCI cloud (a resource class without a namespace, "
          "instead of '" +
          runner.label +
          "'); npm does not accept ID tokens from self-hosted runners. If it must stay, use a "
          "stage-only token with `npm stage publish` (" +
          k.stage_only.text + ").");
    } else if (c.gitlab && runner.kind == Kind::self_hosted) {
      out.add("Run the publish job on GitLab.com shared runners (drop the tag '" + runner.label +
              "'); npm does not accept ID tokens from self-managed runners. If it must stay, use "
              "a stage-only token with `npm stage publish` (" +
              k.stage_only.text + ").");
    } else if (runner.kind == Kind::self_hosted || runner.kind == Kind::custom ||
               runner.kind == Kind::expression) {
      out.add(
          "Run the publish job on a GitHub-hosted runner (runs-on: ubuntu-latest); npm does not "
          "accept OIDC tokens from self-hosted runners. If it must stay, use a stage-only token "
          "with `npm stage publish` (" +
          k.stage_only.text + ").");
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::tp_blocked_runner() {
  return std::make_unique<BlockedRunner>();
}

}  // namespace nts::workflow
