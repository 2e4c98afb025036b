#include "workflow/tokens.hpp"

#include <algorithm>

#include "parse/npmrc.hpp"
#include "parse/yarnrc.hpp"
#include "util/text.hpp"
#include "workflow/config_writes.hpp"
#include "workflow/package_json.hpp"
#include "workflow/readiness.hpp"

namespace nts::workflow {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool mentions_auth_key(const Knowledge& k, std::string_view text) {
  for (const auto& key : k.config_set_keys) {
    if (text.find(key) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::string first_secret(std::string_view text) {
  auto refs = secret_refs(text);
  return refs.empty() ? std::string() : "secrets." + refs.front();
}

void add_source(std::vector<core::TokenSource>& out, const Evidence& at, std::string name,
                std::string from) {
  for (const auto& existing : out) {
    if (existing.line == at.at.line && existing.name == name) {
      return;
    }
  }
  core::TokenSource source;
  source.line = at.at.line;
  source.column = at.at.column;
  source.name = std::move(name);
  source.from = std::move(from);
  out.push_back(std::move(source));
}

}  // namespace

std::vector<std::string> secret_refs(std::string_view text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = text.find("secrets", at)) != std::string_view::npos) {
    std::size_t i = at + 7;
    at = i;
    if (i < text.size() && text[i] == '.') {
      ++i;
    } else if (i + 1 < text.size() && text[i] == '[' &&
               (text[i + 1] == '\'' || text[i + 1] == '"')) {
      i += 2;
    } else {
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) ||
                               text[i] == '_' || text[i] == '-')) {
      ++i;
    }
    if (i > start) {
      out.emplace_back(text.substr(start, i - start));
    }
  }
  return out;
}

std::string value_origin(std::string_view value) {
  auto secret = first_secret(value);
  if (!secret.empty()) {
    return secret;
  }
  auto vars = value.find("vars.");
  if (vars != std::string_view::npos) {
    std::size_t end = vars + 5;
    while (end < value.size() &&
           (std::isalnum(static_cast<unsigned char>(value[end])) || value[end] == '_')) {
      ++end;
    }
    return std::string(value.substr(vars, end - vars));
  }
  if (value.find("${{") == std::string_view::npos) {
    // `$NPM_TOKEN` / `${NPM_TOKEN}`: GitLab and CircleCI expand it from a
    // project or context variable; the name is where the token comes from.
    static const RE2 reference(R"(\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)))");
    std::string braced;
    std::string bare;
    if (RE2::FullMatch(util::trim(value), reference, &braced, &bare)) {
      return "$" + (braced.empty() ? bare : braced);
    }
    return "literal value";
  }
  std::string shown(util::trim(value));
  std::replace(shown.begin(), shown.end(), shell::k_expression_space, ' ');
  return shown;
}

bool is_token_env(const Knowledge& k, const std::string& name, const std::string& value) {
  auto v = util::trim(value);
  if (v.empty()) {
    return false;
  }
  for (const auto& github : k.not_npm_tokens) {
    if (v.find(github) != std::string_view::npos) {
      return false;
    }
  }
  auto secrets = secret_refs(v);
  bool known_name = contains(k.token_env_names, name) || RE2::FullMatch(name, *k.token_env_pattern);
  if (known_name) {
    // A fresh value from an earlier step (a vault, an exchange) is not a stored secret.
    return !(secrets.empty() && (v.find("steps.") != std::string_view::npos ||
                                 v.find("needs.") != std::string_view::npos));
  }
  if (secrets.empty()) {
    return false;
  }
  if (RE2::PartialMatch(name, *k.secret_name_pattern)) {
    return true;
  }
  return std::any_of(secrets.begin(), secrets.end(), [&](const std::string& s) {
    return RE2::PartialMatch(s, *k.secret_name_pattern);
  });
}

std::optional<ScriptWrite> npmrc_write(const std::vector<shell::Command>& commands,
                                       std::size_t index, const Knowledge& k) {
  const auto& command = commands[index];
  auto argv = shell::effective(command);
  if (argv.empty()) {
    return std::nullopt;
  }
  ScriptWrite w;
  w.begin = argv.front().begin;
  w.end = command.end;
  std::string program = argv[0].text;
  std::string content;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    content += argv[i].text + " ";
  }
  auto finish = [&](std::string what, const std::string& value) -> std::optional<ScriptWrite> {
    static const RE2 host_key(R"(//([A-Za-z0-9.-]+)[^\s'"=]*:_auth)");
    // Yarn Berry: npmRegistries["https://npm.pkg.github.com"].npmAuthToken
    static const RE2 yarn_registry_key(
        R"re(npmRegistries\[\s*['"]?(?:https?:)?//([A-Za-z0-9.-]+))re");
    std::string host;
    if (RE2::PartialMatch(content, host_key, &host) ||
        RE2::PartialMatch(command.heredoc, host_key, &host) ||
        RE2::PartialMatch(content, yarn_registry_key, &host)) {
      w.host = util::to_lower(host);
    }
    w.what = std::move(what);
    w.variables = shell::variables(value);
    w.expression_secret = first_secret(value);
    return w;
  };
  if (contains(k.login_helpers, program)) {
    return finish(program, content);
  }
  // npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN" / npm set … / yarn config set
  // npmAuthToken …
  if ((program == "npm" || program == "pnpm" || program == "yarn") && argv.size() >= 3) {
    std::size_t i = 1;
    if (argv[i].text == "config") {
      ++i;
    }
    if (i < argv.size() && argv[i].text == "set" && i + 1 < argv.size()) {
      const auto& key = argv[i + 1].text;
      auto colon = key.rfind(':');
      auto setting = key.substr(colon == std::string::npos ? 0 : colon + 1);
      auto eq = setting.find('=');
      if (eq != std::string::npos) {
        setting.resize(eq);
      }
      // Yarn Berry names nested settings by path: npmScopes.acme.npmAuthToken,
      // npmRegistries["//host"].npmAuthToken.
      if (auto dot = setting.rfind('.'); dot != std::string::npos) {
        setting.erase(0, dot + 1);
      }
      if (contains(k.config_set_keys, setting)) {
        return finish(program + " config set " + setting, content);
      }
    }
  }
  // echo/printf/cat … > ~/.npmrc, or … | tee [-a] ~/.npmrc
  auto write = config_file_write(commands, index);
  if (write && mentions_auth_key(k, write->text)) {
    return finish(".npmrc write", write->text);
  }
  return std::nullopt;
}

const EnvVar* find_env(const Workflow& workflow, const Job& job, const Step* step,
                       const std::string& name) {
  auto look = [&](const std::vector<EnvVar>& env) -> const EnvVar* {
    for (const auto& var : env) {
      if (var.name.value == name) {
        return &var;
      }
    }
    return nullptr;
  };
  if (step) {
    if (auto* v = look(step->env)) {
      return v;
    }
  }
  if (auto* v = look(job.container_env)) {
    return v;
  }
  if (auto* v = look(job.env)) {
    return v;
  }
  return look(workflow.env);
}

std::vector<core::TokenSource> token_sources(const FileContext& ctx, const Job& job,
                                             const JobFacts& facts, const PublishHit& hit) {
  std::vector<core::TokenSource> out;
  const Step* step = hit.step < job.steps.size() ? &job.steps[hit.step] : nullptr;
  auto env_level = [&](const std::vector<EnvVar>& env) {
    for (const auto& var : env) {
      if (is_token_env(ctx.k, var.name.value, var.value.value)) {
        add_source(out, ctx.evidence(var.name), var.name.value, value_origin(var.value.value));
      }
    }
  };
  env_level(ctx.workflow.env);
  env_level(job.env);
  env_level(job.container_env);
  if (step && !hit.reusable) {
    env_level(step->env);
  }
  for (std::size_t i = 0; i < hit.inline_tokens.size(); ++i) {
    Evidence at = hit.where;
    add_source(out, at, hit.inline_tokens[i], hit.inline_token_from[i]);
  }
  // Credentials written to a config file persist for the rest of the job.
  for (const auto& write : facts.npmrc_writes) {
    if (write.step > hit.step) {
      continue;
    }
    // `//firewall.example/npm/:_authToken`: a credential for another registry
    // (an install proxy) never reaches a publish to this one.
    if (!write.host.empty() && write.host != registry_host(hit.registry) &&
        !(is_npmjs(ctx.k, hit.registry) && is_npmjs(ctx.k, "https://" + write.host))) {
      continue;
    }
    std::string from = write.expression_secret;
    for (const auto& variable : write.variables) {
      if (!from.empty()) {
        break;
      }
      const Step* writer = write.step < job.steps.size() ? &job.steps[write.step] : nullptr;
      if (auto* var = find_env(ctx.workflow, job, writer, variable)) {
        from = value_origin(var->value.value);
      } else {
        from = "$" + variable;
      }
    }
    add_source(out, write.where, write.what, from.empty() ? "literal value" : from);
  }
  // Inputs of the publishing action (JS-DevTools/npm-publish `token:` …).
  if (step && step->uses) {
    for (const auto& [name, value] : step->with) {
      bool token_input = RE2::FullMatch(name, *ctx.k.token_input_pattern) || name == "token";
      if (token_input && is_token_env(ctx.k, "NPM_TOKEN", value.value)) {
        add_source(out, ctx.evidence(value), "with." + name, value_origin(value.value));
      }
    }
  }
  // Secrets handed to a reusable workflow.
  if (hit.reusable) {
    for (const auto& secret : job.secrets) {
      if (is_token_env(ctx.k, secret.name.value, secret.value.value)) {
        add_source(out, ctx.evidence(secret.name), "secrets." + secret.name.value,
                   value_origin(secret.value.value));
      }
    }
  }
  // Committed config files: a literal credential, or a ${VAR} the job provides
  // under a name not already reported.
  std::vector<std::string> dirs = {""};
  if (!hit.directory.empty()) {
    dirs.push_back(hit.directory);
  }
  for (const auto& dir : dirs) {
    std::string prefix = dir.empty() ? "" : dir + "/";
    if (auto text = ctx.repo.read(prefix + ".npmrc")) {
      for (const auto& entry : parse::parse_npmrc(*text).entries) {
        if (!contains(ctx.k.npmrc_auth_keys, entry.key)) {
          continue;
        }
        std::string from;
        if (entry.env_references.empty()) {
          from = "literal value in " + prefix + ".npmrc line " + std::to_string(entry.line);
        } else if (auto* var = find_env(ctx.workflow, job, step, entry.env_references.front())) {
          if (!is_token_env(ctx.k, var->name.value, var->value.value) &&
              !secret_refs(var->value.value).empty()) {
            from = value_origin(var->value.value);
          }
        }
        if (!from.empty()) {
          core::TokenSource source;
          source.name = prefix + ".npmrc";
          source.from = from;
          out.push_back(std::move(source));
        }
      }
    }
  }
  if (hit.client == "yarn-berry") {
    if (auto text = core::read_at_most(ctx.repo, ".yarnrc.yml", k_max_yaml_bytes)) {
      if (auto entries = parse::parse_yarnrc_yml(*text)) {
        for (const auto& entry : *entries) {
          if (entry.key == "npmAuthToken" && !parse::is_env_reference(entry.value) &&
              entry.value.find("${") == std::string::npos) {
            core::TokenSource source;
            source.name = ".yarnrc.yml";
            source.from = "literal value in .yarnrc.yml line " + std::to_string(entry.line);
            out.push_back(std::move(source));
          }
        }
      }
    }
  }
  return out;
}

std::vector<VariableUse> token_variable_uses(const Knowledge& k, const Job& job, std::size_t last) {
  std::vector<VariableUse> out;
  static const RE2 reference(R"(\$\{?([A-Za-z_][A-Za-z0-9_]*))");
  for (const auto& step : job.steps) {
    if (step.index > last) {
      continue;
    }
    for (const auto& name : step.reads_env) {
      bool defined = std::any_of(job.env.begin(), job.env.end(),
                                 [&](const EnvVar& var) { return var.name.value == name; });
      if (step.uses && !defined) {
        out.push_back({name, *step.uses, 0});
      }
    }
    if (!step.run) {
      continue;
    }
    std::string_view text = step.run->value;
    re2::StringPiece rest(text.data(), text.size());
    std::string name;
    while (RE2::FindAndConsume(&rest, reference, &name)) {
      bool token = contains(k.token_env_names, name) || RE2::FullMatch(name, *k.token_env_pattern);
      bool defined = std::any_of(job.env.begin(), job.env.end(),
                                 [&](const EnvVar& var) { return var.name.value == name; });
      if (token && !defined) {
        auto end = static_cast<std::size_t>(rest.data() - text.data());
        out.push_back({name, *step.run, text.rfind('$', end - 1)});
      }
    }
  }
  return out;
}

}  // namespace nts::workflow
