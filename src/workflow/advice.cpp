#include "util/text.hpp"
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

// A command people paste into a shell: every value from the repository (the
// package name, the workflow file name, owner/repo, the environment) is
// quoted, so that a name such as `widgets$(touch x)` stays a name. `package`
// empty means the placeholder `<pkg>`, which is ours and left as written.
std::string trust_command(const std::string& package, const core::TrustedPublisher& tp) {
  std::string repo =
      tp.owner.empty() ? "<owner>/<repo>" : util::shell_quote(tp.owner + "/" + tp.repository);
  std::string command = "npm trust github " +
                        (package.empty() ? std::string("<pkg>") : util::shell_quote(package)) +
                        " --file " + util::shell_quote(tp.workflow) + " --repo " + repo;
  if (tp.environment) {
    command += " --env " + util::shell_quote(*tp.environment);
  }
  return command + " --allow-publish";
}

// `npm trust gitlab <pkg> --file <top-level CI file> --project <namespace/project>`.
std::string gitlab_trust_command(const std::string& package, const core::TrustedPublisher& tp) {
  std::string project = tp.owner.empty() ? "<namespace>/<project>"
                                         : util::shell_quote(tp.owner + "/" + tp.repository);
  std::string command = "npm trust gitlab " +
                        (package.empty() ? std::string("<pkg>") : util::shell_quote(package)) +
                        " --file " + util::shell_quote(tp.ci_file) + " --project " + project;
  if (tp.environment) {
    command += " --env " + util::shell_quote(*tp.environment);
  }
  return command;
}

// `npm trust circleci <pkg> --org-id <org-id> … [--context-id <context-id>]`:
// the ids live in CircleCI's settings, never in the config, so they stay
// placeholders (rules/workflow/circleci.yaml names them and where they are).
std::string circleci_trust_command(const std::string& package, const core::TrustedPublisher& tp,
                                   const Knowledge& k) {
  std::string command =
      "npm trust circleci " + (package.empty() ? std::string("<pkg>") : util::shell_quote(package));
  for (const auto& field : k.circleci.fields) {
    std::size_t times = field.per_context ? tp.contexts.size() : 1;
    for (std::size_t i = 0; i < times; ++i) {
      command += " " + field.flag + " " + field.placeholder;
    }
  }
  return command;
}

// Trusted publisher settings: npm checks the top-level (calling) workflow.
core::TrustedPublisher trusted_publisher(const JobAnalysis& a, const FileContext& ctx) {
  const bool gitlab = ctx.workflow.provider == Provider::gitlab;
  core::TrustedPublisher tp;
  RepoSlug slug = repository_slug(ctx.repo);
  tp.owner = slug.owner;
  tp.repository = slug.name;
  tp.workflow = a.in_workflow_call && !a.caller_files.empty() ? a.caller_files.front()
                                                              : ctx.workflow.file_name;
  if (a.job->environment && !a.job->environment->value.empty()) {
    tp.environment = a.job->environment->value;
  }
  if (gitlab) {
    RepoSlug project = gitlab_project(ctx.repo);
    tp.provider = Provider::gitlab;
    tp.owner = project.owner;
    tp.repository = project.name;
    tp.workflow = ctx.workflow.entry_path;
    tp.ci_file = ctx.workflow.entry_path;
  }
  if (ctx.workflow.provider == Provider::circleci) {
    tp.provider = Provider::circleci;
    tp.owner.clear();  // npm identifies a CircleCI project by ids, not by owner/repo
    tp.repository.clear();
    tp.workflow = ctx.workflow.entry_path;
    tp.ci_file = ctx.workflow.entry_path;
    tp.environment.reset();  // CircleCI publishers name contexts, not environments
    for (const auto& context : a.job->contexts) {
      tp.contexts.push_back(context.value);
    }
  }
  auto command_for = [&](const std::string& package) {
    switch (tp.provider) {
      case Provider::gitlab:
        return gitlab_trust_command(package, tp);
      case Provider::circleci:
        return circleci_trust_command(package, tp, ctx.k);
      case Provider::github:
        break;
    }
    return trust_command(package, tp);
  };
  const auto& packages = a.packages;
  tp.command = command_for(packages.size() == 1 ? packages.front() : std::string());
  for (const auto& package : packages) {
    tp.commands.push_back(command_for(package));
  }
  return tp;
}

}  // namespace

// The verdict (auth, readiness, trusted publisher) is decided here; each
// rule in the table names its blockers and advice (src/workflow/rules/).
void conclude(JobAnalysis& a, const FileContext& ctx) {
  auto& r = a.report;
  Advice advice(r.advice);
  if (r.publishes_npm == core::Publishes::unknown) {
    // What the job holds decides what it would publish with.
    bool holds_token = !a.held_tokens.empty() || !a.tokens.empty();
    r.auth = holds_token ? (a.id_token.write ? core::Auth::hybrid : core::Auth::token)
                         : (a.id_token.write ? core::Auth::oidc : core::Auth::none);
    r.trusted_publishing = core::Readiness::not_applicable;
    for (const WorkflowRule* rule : rules_by_advice_rank()) {
      rule->advise_unknown(a, advice);
    }
    return;
  }
  if (!r.publishes()) {
    r.auth = core::Auth::none;
    r.trusted_publishing = core::Readiness::not_applicable;
    for (const WorkflowRule* rule : rules_by_advice_rank()) {
      rule->advise_not_npm(a, ctx, advice);
    }
    return;
  }
  const bool gitlab = ctx.workflow.provider == Provider::gitlab;
  const JobAnalysis& exec = a.callee_job ? *a.callee_job : a;
  Conclusion job{a, exec, ctx, gitlab, !a.tokens.empty()};
  job.provider = ctx.workflow.provider;
  const auto* provider = ctx.k.ci_provider(core::to_string(ctx.workflow.provider));
  if (!exec.proxy && !job.has_token && !a.id_token.write && provider &&
      provider->injects_variables_invisibly) {
    job.invisible_token = provider;
  }
  // Without a token the only way in is OIDC, even when id-token is still
  // missing (then it is a blocker, and the publish fails with ENEEDAUTH).
  // Through a publishing proxy the proxy holds npm's credential and the job
  // authenticates to it with a token of its own: never OIDC.
  if (exec.proxy) {
    r.auth = core::Auth::token;
  } else if (job.has_token) {
    r.auth = a.id_token.write ? core::Auth::hybrid : core::Auth::token;
  } else if (job.invisible_token) {
    r.auth = core::Auth::token;
    core::TokenSource inferred;
    inferred.kind = core::TokenSourceKind::inferred;
    inferred.name = provider->invisible_variable + " (not visible in the file)";
    r.token_sources.push_back(std::move(inferred));
  } else {
    r.auth = core::Auth::oidc;
  }

  Blockers blockers(r.blockers);
  for (const WorkflowRule* rule : rules_by_blocker_rank()) {
    rule->block(job, blockers);
  }
  r.trusted_publishing = blockers.hard() ? core::Readiness::blocked
                                         : (r.blockers.empty() ? core::Readiness::ready
                                                               : core::Readiness::needs_changes);
  job.readiness = r.trusted_publishing;

  r.trusted_publisher = trusted_publisher(a, ctx);
  job.publisher = &*r.trusted_publisher;
  for (const WorkflowRule* rule : rules_by_advice_rank()) {
    rule->advise(job, advice);
  }
}

}  // namespace nts::workflow
