#include "workflow/readiness.hpp"

namespace nts::workflow {
namespace {

// The verdict of one permissions block; nullopt when it is absent (inherit).
std::optional<IdToken> decide(const FileContext& ctx, const Permissions& p, const char* level) {
  if (!p.present) {
    return std::nullopt;
  }
  IdToken t;
  std::string where = std::string(level) + " permissions";
  if (p.shorthand == "write-all") {
    t.write = true;
    t.why = where + ": write-all";
  } else if (p.shorthand == "read-all") {
    t.why = where + ": read-all";
  } else if (p.shorthand == "{}") {
    t.why = where + ": {} (everything none)";
  } else if (p.id_token) {
    t.write = p.id_token->value == "write";
    t.why = where + ": id-token: " + p.id_token->value;
    t.at = ctx.evidence(*p.id_token);
    return t;
  } else if (!p.shorthand.empty()) {
    t.why = where + ": " + p.shorthand;
  } else {
    // A map without id-token: every scope not listed is none.
    t.why = where + " without id-token";
  }
  t.at = ctx.at_mark(p.mark, "permissions");
  return t;
}

// CircleCI: a run step that captures `circleci run oidc get` with npm's
// audience into the variable npm reads, in whatever shell form
// (`export NPM_ID_TOKEN=$(…)`, `NPM_ID_TOKEN="$(…)"`, `echo "export …" >> "$BASH_ENV"`).
IdToken circleci_id_token(const FileContext& ctx, const Job& job) {
  const auto& c = ctx.k.circleci;
  IdToken t;
  std::string wanted = c.id_token_variable + " from `circleci run oidc get` with aud " + c.audience;
  for (const auto& step : job.steps) {
    if (!step.run) {
      continue;
    }
    const std::string& text = step.run->value;
    re2::StringPiece rest(text);
    if (!RE2::FindAndConsume(&rest, *c.oidc_command)) {
      continue;
    }
    auto at = static_cast<std::size_t>(rest.data() - text.data());
    auto start = text.rfind('\n', at);
    start = start == std::string::npos ? 0 : start + 1;
    auto end = text.find('\n', at);
    std::string line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    bool audience = line.find(c.audience) != std::string::npos;
    bool captured = line.find(c.id_token_variable) != std::string::npos;
    t.at = ctx.evidence(*step.run, start);
    if (audience && captured) {
      t.write = true;
      t.why = wanted;
      return t;
    }
    t.why = std::string("`circleci run oidc get` ") +
            (audience ? "not captured into " + c.id_token_variable
                      : "without the audience " + c.audience) +
            ", none is " + wanted;
  }
  if (t.why.empty()) {
    t.why = "no " + wanted;
  }
  return t;
}

}  // namespace

IdToken job_id_token(const FileContext& ctx, const Job& job) {
  if (ctx.workflow.provider == Provider::circleci) {
    return circleci_id_token(ctx, job);
  }
  if (ctx.workflow.provider == Provider::gitlab) {
    // GitLab: an id_tokens entry with npm's audience under the variable npm reads.
    IdToken t;
    std::string wanted =
        "id_tokens: " + ctx.k.gitlab.id_token_variable + " with aud " + ctx.k.gitlab.audience;
    if (job.permissions.id_token) {
      t.write = true;
      t.why = wanted;
      t.at = ctx.evidence(*job.permissions.id_token);
    } else if (job.permissions.present) {
      t.why = job.permissions.shorthand + ", none is " + wanted;
      t.at = ctx.at_mark(job.permissions.mark, "id_tokens");
    } else {
      t.why = "no " + wanted;
    }
    return t;
  }
  if (auto job_level = decide(ctx, job.permissions, "job")) {
    return *job_level;
  }
  if (auto workflow_level = decide(ctx, ctx.workflow.permissions, "workflow")) {
    return *workflow_level;
  }
  // No permissions anywhere: the repository default, which never includes id-token.
  IdToken t;
  t.why = "no permissions block; the default GITHUB_TOKEN has no id-token";
  return t;
}

}  // namespace nts::workflow
