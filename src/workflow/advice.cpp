#include <algorithm>
#include <set>

#include "util/text.hpp"
#include "workflow/job_analysis.hpp"

namespace nts::workflow {
namespace {

void add_unique(std::vector<std::string>& list, std::string item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) {
    list.push_back(std::move(item));
  }
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + item;
  }
  return out;
}

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

}  // namespace

void conclude(JobAnalysis& a, const FileContext& ctx) {
  auto& r = a.report;
  const auto& k = ctx.k;
  const bool gitlab = ctx.workflow.provider == Provider::gitlab;
  if (r.publishes_npm == core::Publishes::unknown) {
    // What the job holds decides what it would publish with.
    bool holds_token = !a.held_tokens.empty() || !a.tokens.empty();
    r.auth = holds_token ? (a.id_token.write ? core::Auth::hybrid : core::Auth::token)
                         : (a.id_token.write ? core::Auth::oidc : core::Auth::none);
    r.trusted_publishing = core::Readiness::not_applicable;
    add_unique(r.advice, "The scanner cannot see whether job '" + a.job->id +
                             "' publishes to npm, but it looks like an npm release (" +
                             join(a.publish_hints, "; ") + "). Check what runs there: " +
                             join(
                                 [&] {
                                   std::vector<std::string> reasons;
                                   for (const auto& hop : a.unresolved) {
                                     reasons.push_back(hop.reason);
                                   }
                                   return reasons;
                                 }(),
                                 "; ") +
                             ".");
    if (holds_token) {
      add_unique(r.advice,
                 "If it publishes, it can do so with the npm token it is handed; move it to "
                 "trusted publishing and remove the token.");
    }
    return;
  }
  if (!r.publishes()) {
    r.auth = core::Auth::none;
    r.trusted_publishing = core::Readiness::not_applicable;
    for (const auto& other : a.other_publishes) {
      std::string host = registry_host(other.registry);
      if (is_github_packages(k, other.registry)) {
        add_unique(r.advice,
                   "'" + other.tool + "' publishes to GitHub Packages (" + host + ", from " +
                       other.registry_source +
                       "), not to registry.npmjs.org: npm trusted publishing "
                       "does not apply; authenticate with GITHUB_TOKEN and packages: write.");
      } else {
        add_unique(r.advice,
                   "'" + other.tool + "' publishes to " + (host.empty() ? other.registry : host) +
                       ", not to registry.npmjs.org: npm trusted publishing does not apply there.");
      }
    }
    return;
  }
  bool has_token = !a.tokens.empty();
  // Without a token the only way in is OIDC, even when id-token is still
  // missing (then it is a blocker, and the publish fails with ENEEDAUTH).
  r.auth =
      has_token ? (a.id_token.write ? core::Auth::hybrid : core::Auth::token) : core::Auth::oidc;

  // Blockers: hard ones make the job `blocked`, the rest `needs-changes`.
  bool hard = false;
  std::vector<std::string>& blockers = r.blockers;
  using RK = RunnerInfo::Kind;
  const JobAnalysis& exec = a.callee_job ? *a.callee_job : a;  // where the steps run
  if (exec.proxy) {
    // Through a publishing proxy the proxy holds npm's credential and the job
    // authenticates to it with a token of its own: never OIDC.
    r.auth = core::Auth::token;
    add_unique(blockers, "publishes through " + exec.proxy->name + " (" + exec.proxy->host +
                             "), which holds the npm credential; trusted publishing needs the "
                             "publish to go to registry.npmjs.org");
    hard = true;
  }
  if (exec.runner.kind == RK::self_hosted) {
    add_unique(blockers, gitlab ? "self-managed runner (tag '" + exec.runner.label + "')"
                                : std::string("self-hosted runner"));
    hard = true;
  } else if (exec.runner.kind == RK::custom) {
    add_unique(blockers,
               "runner '" + exec.runner.label + "' is not a standard GitHub-hosted label");
  } else if (exec.runner.kind == RK::expression) {
    add_unique(blockers, "runner chosen by an expression (" + exec.runner.label + ")");
  }
  for (const auto& client : exec.clients) {
    if (client.status == ClientVerdict::Status::blocked) {
      add_unique(blockers, client.reason);
      hard = true;
    } else if (client.status == ClientVerdict::Status::unverified) {
      add_unique(blockers, client.reason);
    }
  }
  if (!a.id_token.write) {
    add_unique(blockers, gitlab ? "no id_tokens: " + k.gitlab.id_token_variable + " with aud " +
                                      k.gitlab.audience
                                : std::string("no id-token: write"));
  }
  for (const auto& caller : a.callers_without_id_token) {
    add_unique(blockers, "caller " + caller + " does not grant id-token: write");
  }
  if (has_token) {
    std::vector<std::string> names;
    for (const auto& token : a.tokens) {
      add_unique(names, token.name);
    }
    add_unique(blockers, "long-lived token still wired (" + join(names, ", ") + ")");
  }
  if (exec.npm && exec.npm->status == NpmInfo::Status::too_old) {
    add_unique(blockers, exec.npm->detail);
  } else if (exec.npm && exec.npm->status == NpmInfo::Status::unknown) {
    add_unique(blockers, exec.npm->detail);
  }
  for (const auto& precheck : exec.prechecks) {
    add_unique(blockers, precheck.tool + " pre-check");
  }
  for (const auto& client : exec.clients) {
    if (!client.precheck.empty()) {
      add_unique(blockers, client.precheck);
    }
  }
  for (const auto& problem : exec.repository_problems) {
    add_unique(blockers, problem);
  }
  if (a.pull_request_target) {
    add_unique(blockers, "triggered by pull_request_target");
  }
  if (a.job->environment &&
      a.job->environment->value.find(gitlab ? "$" : "${{") != std::string::npos) {
    add_unique(blockers, "environment name is an expression");
  }
  r.trusted_publishing =
      hard ? core::Readiness::blocked
           : (blockers.empty() ? core::Readiness::ready : core::Readiness::needs_changes);

  // Trusted publisher settings: npm checks the top-level (calling) workflow.
  core::TrustedPublisher tp;
  RepoSlug slug = repository_slug(ctx.repo);
  tp.owner = slug.owner;
  tp.repository = slug.name;
  tp.workflow = a.in_workflow_call && !a.caller_files.empty() ? a.caller_files.front()
                                                              : ctx.workflow.file_name;
  if (a.job->environment && !a.job->environment->value.empty()) {
    tp.environment = a.job->environment->value;
  }
  std::vector<std::string> packages = a.packages;
  if (gitlab) {
    RepoSlug project = gitlab_project(ctx.repo);
    tp.provider = "gitlab";
    tp.owner = project.owner;
    tp.repository = project.name;
    tp.workflow = ctx.workflow.entry_path;
    tp.ci_file = ctx.workflow.entry_path;
  }
  auto command_for = [&](const std::string& package) {
    return gitlab ? gitlab_trust_command(package, tp) : trust_command(package, tp);
  };
  tp.command = command_for(packages.size() == 1 ? packages.front() : std::string());

  // Advice, in the order a maintainer would do it.
  auto& advice = r.advice;
  if (a.in_workflow_call && a.caller_files.empty()) {
    add_unique(
        advice,
        "This is a reusable workflow (on: workflow_call): npm matches the CALLING workflow's file "
        "name, so register the caller's file (no local caller was found) and give both the "
        "calling job and this job id-token: write.");
  } else if (a.in_workflow_call) {
    add_unique(advice,
               "npm checks the calling workflow, not this file: register " +
                   join(a.caller_files, ", ") +
                   " as the trusted publisher workflow (one publisher per package), and grant "
                   "id-token: write in the calling job as well as here.");
  }
  std::string where =
      gitlab
          ? "On npmjs.com, open each package's Settings > Trusted publishing and add GitLab CI/CD "
            "with namespace '" +
                (tp.owner.empty() ? std::string("<namespace>") : tp.owner) + "', project name '" +
                (tp.repository.empty() ? std::string("<project>") : tp.repository) +
                "', top-level CI file path '" + tp.ci_file + "'" +
                (tp.environment ? ", environment '" + *tp.environment + "'" : "")
          : "On npmjs.com, open each package's Settings > Trusted publishing and add GitHub "
            "Actions "
            "with owner '" +
                (tp.owner.empty() ? std::string("<owner>") : tp.owner) + "', repository '" +
                (tp.repository.empty() ? std::string("<repo>") : tp.repository) + "', workflow '" +
                tp.workflow + "'" +
                (tp.environment ? ", environment '" + *tp.environment + "'" : "") +
                ", allowed action npm publish";
  if (packages.empty()) {
    add_unique(advice, where + "; or run: " + tp.command);
  } else {
    for (const auto& package : packages) {
      tp.commands.push_back(command_for(package));
    }
    add_unique(advice, where + "; or run (npm >= 11.10): " + join(tp.commands, " ; "));
  }
  if (!a.id_token.write && !has_token) {
    add_unique(
        advice,
        "No npm token and no id-token: write are visible, so this publish fails with ENEEDAUTH "
        "unless the runner provides credentials; trusted publishing is the fix.");
  }
  if (!a.id_token.write && gitlab) {
    add_unique(advice, "Add to job '" + a.job->id + "': `id_tokens: { " +
                           k.gitlab.id_token_variable + ": { aud: \"" + k.gitlab.audience +
                           "\" } }` (and " + k.gitlab.sigstore_variable +
                           " with aud sigstore for provenance); npm reads the ID token from " +
                           k.gitlab.id_token_variable + " (now: " + a.id_token.why + ").");
  } else if (!a.id_token.write) {
    add_unique(advice, "Add `permissions: id-token: write` (with `contents: read`) to job '" +
                           a.job->id + "'; without it npm skips OIDC silently (" + a.id_token.why +
                           ").");
  }
  for (const auto& caller : a.callers_without_id_token) {
    add_unique(advice, "Grant `id-token: write` in the calling job " + caller +
                           ": a called workflow cannot get more permissions than its caller.");
  }
  if (gitlab && exec.runner.kind == RK::self_hosted) {
    add_unique(advice, "Run the publish job on GitLab.com shared runners (drop the tag '" +
                           exec.runner.label +
                           "'); npm does not accept ID tokens from self-managed runners. If it "
                           "must stay, use a stage-only token with `npm stage publish` (" +
                           k.stage_only.text + ").");
  } else if (exec.runner.kind == RK::self_hosted || exec.runner.kind == RK::custom ||
             exec.runner.kind == RK::expression) {
    add_unique(
        advice,
        "Run the publish job on a GitHub-hosted runner (runs-on: ubuntu-latest); npm does not "
        "accept OIDC tokens from self-hosted runners. If it must stay, use a stage-only token "
        "with `npm stage publish` (" +
            k.stage_only.text + ").");
  }
  if (gitlab && exec.npm && exec.npm->status != NpmInfo::Status::capable) {
    add_unique(advice, "Publish with npm >= " + k.min_npm + " on Node >= " + k.min_node +
                           ": use `image: node:" + std::to_string(k.lts_major) + "`, or add `" +
                           k.npm_upgrade_command + "` to before_script (now: " + exec.npm->detail +
                           ").");
  } else if (exec.npm && exec.npm->status != NpmInfo::Status::capable) {
    // Where the Node version is written is where it is changed: the version
    // file setup-node reads, or its node-version input.
    std::string set_node =
        exec.npm->version_file.empty()
            ? "set `node-version: " + std::to_string(k.lts_major) + "` in actions/setup-node"
            : "write " + std::to_string(k.lts_major) + " in '" + exec.npm->version_file +
                  "' (actions/setup-node reads it through node-version-file)";
    add_unique(advice, "Publish with npm >= " + k.min_npm + " on Node >= " + k.min_node + ": " +
                           set_node + ", or add `" + k.npm_upgrade_command +
                           "` before publishing (now: " + exec.npm->detail + ").");
  }
  for (const auto& client : exec.clients) {
    if ((client.status == ClientVerdict::Status::blocked ||
         client.status == ClientVerdict::Status::unverified) &&
        !client.fix.empty()) {
      add_unique(advice, "Client: " + client.fix + ".");
    } else if (client.status == ClientVerdict::Status::unverified) {
      add_unique(advice, "Check: " + client.reason + ".");
    }
  }
  for (const auto& precheck : exec.prechecks) {
    add_unique(advice,
               "Remove the `" + precheck.tool + "` pre-check (line " +
                   std::to_string(precheck.where.at.line) +
                   "): npm whoami does not see the OIDC exchange and fails without a token.");
  }
  for (const auto& client : exec.clients) {
    if (!client.precheck.empty()) {
      add_unique(advice, "Disable the built-in login check: " + client.precheck + ".");
    }
  }
  for (const auto& problem : exec.repository_problems) {
    add_unique(advice, "Fix package.json: " + problem +
                           "; npm rejects a trusted publish whose repository.url "
                           "does not match the repository exactly (E422).");
  }
  if (a.pull_request_target) {
    add_unique(
        advice,
        "Do not publish from a pull_request_target workflow: it runs with secrets and id-token on "
        "behalf of untrusted pull requests. Publish from push tags, release or workflow_dispatch.");
  }
  if (has_token) {
    std::vector<std::string> where_tokens;
    for (const auto& token : a.tokens) {
      std::string detail = token.line > 0 ? "line " + std::to_string(token.line) : std::string();
      if (!token.from.empty()) {
        detail += (detail.empty() ? "" : ", ") + std::string("fed from ") + token.from;
      }
      where_tokens.push_back(token.name + (detail.empty() ? "" : " (" + detail + ")"));
    }
    if (a.id_token.write) {
      add_unique(advice, "npm tries OIDC first but silently falls back to the token: remove " +
                             join(where_tokens, ", ") + " once a trusted publish has succeeded.");
    } else {
      add_unique(advice, "After the first trusted publish succeeds, remove " +
                             join(where_tokens, ", ") + ".");
    }
    add_unique(
        advice,
        "Then set each package to 'Require two-factor authentication and disallow tokens' and "
        "revoke the npm token (" +
            k.bypass_2fa.text + ").");
  }
  if (r.trusted_publishing == core::Readiness::ready) {
    add_unique(
        advice,
        "Ready: make sure the trusted publisher is configured on npmjs.com for every package; "
        "provenance is generated automatically for public packages from public repositories.");
  }
  r.trusted_publisher = tp;
}

}  // namespace nts::workflow
