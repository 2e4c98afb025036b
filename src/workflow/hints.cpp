// When a job's chain leaves what the scanner reads, whether the job looks like
// an npm release (publish-hints.yaml): such a job is `publishes_npm: unknown`.

#include <algorithm>

#include "core/repo_view.hpp"
#include "util/text.hpp"
#include "workflow/circleci.hpp"
#include "workflow/context.hpp"
#include "workflow/publish.hpp"
#include "workflow/tokens.hpp"
#include "workflow/workflow_set.hpp"

namespace nts::workflow {
namespace {

void add_hint(JobAnalysis& a, std::string hint) {
  if (std::find(a.publish_hints.begin(), a.publish_hints.end(), hint) == a.publish_hints.end()) {
    a.publish_hints.push_back(std::move(hint));
  }
}

// A credential the job holds; a hint when it reaches the whole job or a step
// whose code the scanner cannot see (a token on `npm ci` is an install token).
void held(JobAnalysis& a, const FileContext& ctx, const Scalar& name, const std::string& shown,
          const std::string& value, bool hint) {
  if (!is_token_env(ctx.k, name.value, value)) {
    return;
  }
  Evidence at = ctx.evidence(name);
  core::TokenSource token;
  token.line = at.at.line;
  token.column = at.at.column;
  token.name = shown;
  token.from = value_origin(value);
  for (const auto& existing : a.held_tokens) {
    if (existing.name == token.name && existing.line == token.line) {
      return;
    }
  }
  a.held_tokens.push_back(token);
  if (hint) {
    add_hint(a, "an npm token is passed in (" + shown + " from " + token.from + ")");
  }
}

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

}  // namespace

void note_publish_hints(JobAnalysis& a, const FileContext& ctx) {
  const Knowledge& k = ctx.k;
  const Job& job = *a.job;
  a.unresolved.insert(a.unresolved.end(), a.facts.unresolved.begin(), a.facts.unresolved.end());

  // Names: the job's id and name, its steps' names, a called workflow's file.
  for (const std::string* name : {&job.id, &job.name}) {
    if (!name->empty() && RE2::PartialMatch(*name, *k.release_names)) {
      add_hint(a, "job named " + quoted(*name));
    }
  }
  for (const auto& step : job.steps) {
    if (!step.name.empty() && RE2::PartialMatch(step.name, *k.release_names)) {
      add_hint(a, "step named " + quoted(step.name));
    }
  }
  if (job.uses) {
    auto [callee, ref] = split_uses(job.uses->value);
    auto slash = callee.rfind('/');
    std::string file = slash == std::string::npos ? callee : callee.substr(slash + 1);
    if (RE2::PartialMatch(file, *k.release_names)) {
      add_hint(a, "calls a workflow named " + quoted(file));
    }
  }
  if (job.environment && RE2::PartialMatch(job.environment->value, *k.npm_environments)) {
    add_hint(a, "environment: " + job.environment->value);
  }
  bool npm_named = RE2::PartialMatch(job.id, *k.npm_names) ||
                   (!job.name.empty() && RE2::PartialMatch(job.name, *k.npm_names));
  if (a.id_token.write && npm_named) {
    add_hint(a, "id-token: write in a job named for npm");
  }

  // Credentials handed to the job, at every level.
  for (const auto* env : {&ctx.workflow.env, &job.env, &job.container_env}) {
    for (const auto& var : *env) {
      held(a, ctx, var.name, var.name.value, var.value.value, true);
    }
  }
  for (const auto& secret : job.secrets) {
    held(a, ctx, secret.name, "secrets." + secret.name.value, secret.value.value, true);
  }

  for (const auto& step : job.steps) {
    if (step.run) {
      const std::string& script = step.run->value;
      if (RE2::PartialMatch(script, *k.provenance) &&
          !RE2::PartialMatch(script, *k.provenance_not)) {
        add_hint(a, "--provenance (line " + std::to_string(ctx.evidence(*step.run).at.line) + ")");
      }
    }
    if (!step.uses) {
      continue;
    }
    auto [name, ref] = split_uses(step.uses->value);
    // An action asked for a dry run says itself that it does not publish.
    bool dry_run = std::any_of(step.with.begin(), step.with.end(), [&k](const auto& input) {
      return std::find(k.dry_run_inputs.begin(), k.dry_run_inputs.end(), input.first) !=
                 k.dry_run_inputs.end() &&
             util::equals_icase(util::trim(input.second.value), "true");
    });
    auto lowered = util::to_lower(name);
    bool known = k.action(name) || lowered == k.setup_node || lowered == k.setup_pnpm ||
                 lowered == k.setup_bun || k.inert_action(name);
    if (dry_run || known || name.rfind("docker://", 0) == 0) {
      continue;
    }
    if (name.rfind("./", 0) == 0) {
      // A local composite action is read as part of the step; any other kind
      // (JavaScript, Docker) runs code the scanner does not follow.
      auto dir = normalize_dir(name);
      auto prefix = dir.empty() ? std::string() : dir + "/";
      auto text = core::read_at_most(ctx.repo, prefix + "action.yml", k_max_yaml_bytes);
      if (!text) {
        text = core::read_at_most(ctx.repo, prefix + "action.yaml", k_max_yaml_bytes);
      }
      if (text && parse_composite_action(*text)) {
        continue;
      }
      UnresolvedHop hop{step.index, ctx.evidence(*step.uses),
                        text ? "uses " + name +
                                   ", a local action whose code the scanner does not "
                                   "follow"
                             : "uses " + name + ", which is not in the checkout"};
      a.unresolved.push_back(std::move(hop));
      continue;
    }
    // An orb the table does not know (orb:NAMESPACE/ORB/NAME) is an action of
    // another repository: a reason for `unknown` only with a hint, and listed
    // either way, since orbs are how CircleCI jobs publish.
    bool orb = name.rfind(k_orb_prefix, 0) == 0;
    std::string called = orb ? name.substr(k_orb_prefix.size()) : name;
    // An orb command's step is named for its alias (`ship/npm-publish`,
    // checked above); the orb's registry name may say more.
    if (RE2::PartialMatch(called, *k.release_names) &&
        !(orb && RE2::PartialMatch(step.name, *k.release_names))) {
      add_hint(a, (orb ? "runs an orb command named " : "uses an action named ") + quoted(called));
    }
    std::string reason =
        "uses " + step.uses->value + ", an action the scanner cannot look into (it may publish)";
    if (orb) {
      bool known_orb = k.circleci.orb(called.substr(0, called.rfind('/'))) != nullptr;
      reason = "runs " + step.name + " from orb " + called +
               (known_orb ? ", a command the orb table does not list"
                          : ", an orb not in the orb table") +
               "; orbs are never fetched (it may publish)";
    }
    UnresolvedHop hop{step.index, ctx.evidence(*step.uses), std::move(reason), orb};
    a.unresolved.push_back(std::move(hop));
  }
  // Tokens on a step count as a hint only where that step's code is not seen.
  for (const auto& step : job.steps) {
    bool unseen = std::any_of(a.unresolved.begin(), a.unresolved.end(),
                              [&step](const UnresolvedHop& hop) { return hop.step == step.index; });
    for (const auto& var : step.env) {
      held(a, ctx, var.name, var.name.value, var.value.value, unseen);
    }
    for (const auto& [input, value] : step.with) {
      if (step.uses && (RE2::FullMatch(input, *k.token_input_pattern) || input == "token")) {
        Scalar input_name{input, value.mark};
        held(a, ctx, input_name, "with." + input, value.value, unseen);
      }
    }
  }
  for (const auto& write : a.facts.npmrc_writes) {
    core::TokenSource token;
    token.line = write.where.at.line;
    token.column = write.where.at.column;
    token.name = write.what;
    token.from =
        write.expression_secret.empty() ? std::string("a job variable") : write.expression_secret;
    // Held, but no hint: CI jobs write install credentials for private
    // registries and mirrors all the time.
    a.held_tokens.push_back(token);
  }
}

}  // namespace nts::workflow
