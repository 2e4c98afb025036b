#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/workflow_report.hpp"
#include "workflow/context.hpp"
#include "workflow/shell.hpp"

namespace nts::workflow {

// `secrets.X` / `secrets['X']` names used in GitHub expressions in `text`.
std::vector<std::string> secret_refs(std::string_view text);

// Where an env value comes from, for people: "secrets.NPM_TOKEN", "vars.X",
// "literal value", or the expression.
std::string value_origin(std::string_view value);

// True when an env var (or action input) named `name` with `value` carries a
// long-lived npm credential (tokens.yaml). GitHub's own GITHUB_TOKEN and step
// outputs are not long-lived npm tokens.
bool is_token_env(const Knowledge& k, const std::string& name, const std::string& value);

// An .npmrc/.yarnrc.yml credential write made by commands[index] (echo, printf,
// tee, heredoc, `npm config set …:_authToken`, `yarn config set npmAuthToken`,
// login helpers). `begin`/`end` are offsets in the script.
struct ScriptWrite {
  std::string what;
  std::vector<std::string> variables;
  std::string expression_secret;
  std::string host;  // `//host/…:_authToken`: the registry the credential is for
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::optional<ScriptWrite> npmrc_write(const std::vector<shell::Command>& commands,
                                       std::size_t index, const Knowledge& k);

// Every way a long-lived token reaches `hit` in `job` (env at every level,
// .npmrc writes in earlier steps or the same script, action token inputs,
// committed .npmrc / .yarnrc.yml, secrets passed to a reusable workflow).
std::vector<core::TokenSource> token_sources(const FileContext& ctx, const Job& job,
                                             const JobFacts& facts, const PublishHit& hit);

// The value an env var has at `step` (step, then job, then workflow env).
const EnvVar* find_env(const Workflow& workflow, const Job& job, const Step* step,
                       const std::string& name);

// CI variables holding an npm token (NPM_TOKEN, NODE_AUTH_TOKEN, ...) that the
// job's script lines up to and including step `last` expand, or that a known
// orb's step reads, without the file setting them: GitLab and CircleCI keep
// their values in project settings and contexts, so the reference is the
// evidence.
struct VariableUse {
  std::string name;
  Scalar line;             // the script line
  std::size_t offset = 0;  // of the `$` in the line's value
};
std::vector<VariableUse> token_variable_uses(const Knowledge& k, const Job& job, std::size_t last);

}  // namespace nts::workflow
