// Which registry a publish goes to when its command does not say, as the
// client that runs it decides: npm's configuration levels (npm, pnpm, Yarn 1,
// bun read .npmrc), or Yarn Berry's .yarnrc.yml.
#include <algorithm>
#include <string_view>
#include <utility>

#include "core/repo_view.hpp"
#include "parse/npmrc.hpp"
#include "parse/yarnrc.hpp"
#include "util/text.hpp"
#include "workflow/publish_scanner.hpp"
#include "workflow/readiness.hpp"
#include "workflow/tokens.hpp"

namespace nts::workflow::publish_scan {

// The key setup-node writes registry-url under: `@scope:registry` with its
// `scope` input (lower-cased, `@` added), and for GitHub Packages without one
// the repository owner's scope; else `registry`.
std::string JobScanner::setup_node_registry_key(const SetupNode& setup) const {
  std::string scope = util::to_lower(setup.scope);
  if (scope.empty() && is_github_packages(m_ctx.k, setup.registry_url)) {
    scope = util::to_lower(repository_slug(m_ctx.repo).owner);
  }
  if (scope.empty()) {
    return "registry";
  }
  return (scope[0] == '@' ? scope : "@" + scope) + ":registry";
}

// Where npm sends the publish when the command does not say. npm reads its
// config from the environment (npm_config_*), then the project .npmrc, then
// the user config (setup-node's registry-url, ~/.npmrc, `npm config set`); and
// for a scoped package a `@scope:registry` setting at any of those levels beats
// `registry` at every level (npm-registry-fetch's pickRegistry). publishConfig
// overrides them all.
void JobScanner::default_registry(PublishHit& hit) {
  if (!hit.registry.empty()) {
    hit.registry_source = "--registry";
    return;
  }
  auto pkg = read_package_json(m_ctx.repo, hit.directory);
  if (pkg && !pkg->publish_registry.empty()) {
    hit.registry = pkg->publish_registry;
    hit.registry_source = pkg->path + " publishConfig." + pkg->publish_registry_key;
    return;
  }
  std::string scope = pkg && !pkg->name.empty() && pkg->name[0] == '@'
                          ? pkg->name.substr(0, pkg->name.find('/'))
                          : std::string();
  if (hit.client == "yarn-berry") {
    yarn_berry_registry(hit, scope);
    return;
  }
  using Choice = std::pair<std::string, std::string>;  // registry, where it was set
  auto written = [](const RegistrySetting& setting) {
    return setting.key + " written by the job (line " + std::to_string(setting.where.at.line) + ")";
  };
  // The highest level that sets a key `matches` accepts.
  auto find = [&](auto matches) -> Choice {
    const Step* step = hit.step < m_job.steps.size() ? &m_job.steps[hit.step] : nullptr;
    if (matches(std::string("registry")) && step) {
      for (const char* name : {"NPM_CONFIG_REGISTRY", "npm_config_registry"}) {
        if (auto* var = find_env(m_ctx.workflow, m_job, step, name)) {
          return {var->value.value, std::string(name) + " env"};
        }
      }
    }
    for (const auto& dir : {hit.directory, std::string()}) {
      auto path = dir.empty() ? std::string(".npmrc") : dir + "/.npmrc";
      const auto& settings = m_facts.registry_settings;
      for (auto it = settings.rbegin(); it != settings.rend(); ++it) {
        if (it->step <= hit.step && it->project_file == path && matches(it->key)) {
          return {it->value, written(*it)};
        }
      }
      if (auto text = m_ctx.repo.read(path)) {
        Choice committed;
        for (const auto& entry : parse::parse_npmrc(*text).entries) {
          if (matches(entry.key) && !entry.value.empty()) {
            committed = {entry.value, path + " " + entry.key};  // the last line wins
          }
        }
        if (!committed.first.empty()) {
          return committed;
        }
      }
    }
    // The user config: the latest writer before the publish wins.
    Choice user;
    std::size_t user_step = 0;
    auto consider = [&](std::size_t at, const std::string& value, std::string source) {
      if (user.first.empty() || at >= user_step) {
        user = {value, std::move(source)};
        user_step = at;
      }
    };
    for (const auto& setup : m_facts.setup_nodes) {
      if (setup.step <= hit.step && !setup.registry_url.empty() &&
          matches(setup_node_registry_key(setup))) {
        consider(setup.step, setup.registry_url, "actions/setup-node registry-url");
      }
    }
    for (const auto& setting : m_facts.registry_settings) {
      if (setting.step <= hit.step && setting.project_file.empty() && matches(setting.key)) {
        consider(setting.step, setting.value, written(setting));
      }
    }
    return user;
  };
  auto scoped_key = [](const std::string& key) {
    return key.size() > 10 && key[0] == '@' && std::string_view(key).ends_with(":registry");
  };
  Choice chosen;
  if (!scope.empty()) {
    chosen = find([&](const std::string& key) { return key == scope + ":registry"; });
    // `@${CI_PROJECT_ROOT_NAMESPACE}:registry=…`: a scope the job fills in at
    // run time is meant to be its package's.
    if (chosen.first.empty()) {
      chosen = find([&](const std::string& key) { return scoped_key(key) && key[1] == '$'; });
    }
  }
  if (chosen.first.empty()) {
    chosen = find([](const std::string& key) { return key == "registry"; });
  }
  // An unscoped or unread package in a job that only sets a scoped registry
  // and holds no credential for npmjs: the job means its publish to go there
  // (npm would send an unscoped package to npmjs, where it could not log in).
  auto npmjs_credential = std::any_of(m_facts.npmrc_writes.begin(), m_facts.npmrc_writes.end(),
                                      [&](const NpmrcWrite& write) {
                                        return write.step <= hit.step && !write.host.empty() &&
                                               is_npmjs(m_ctx.k, "https://" + write.host);
                                      });
  if (chosen.first.empty() && scope.empty() && !npmjs_credential) {
    chosen = find(scoped_key);
  }
  hit.registry = std::move(chosen.first);
  hit.registry_source = std::move(chosen.second);
}

// Yarn Berry reads no .npmrc (so neither setup-node's registry-url): the
// scope's npmPublishRegistry, then npmPublishRegistry, then npmRegistryServer,
// each from the environment (YARN_NPM_…) or the job's `yarn config set`
// before the .yarnrc.yml files of the package's directory and the root.
bool JobScanner::yarn_berry_registry(PublishHit& hit, const std::string& scope) {
  const Step* step = hit.step < m_job.steps.size() ? &m_job.steps[hit.step] : nullptr;
  std::vector<parse::YarnRegistries> files;
  std::vector<std::string> paths;
  for (const auto& dir : {hit.directory, std::string()}) {
    auto path = dir.empty() ? std::string(".yarnrc.yml") : dir + "/.yarnrc.yml";
    if (auto text = core::read_at_most(m_ctx.repo, path, k_max_yaml_bytes)) {
      if (auto parsed = parse::parse_yarnrc_registries(*text)) {
        files.push_back(std::move(*parsed));
        paths.push_back(path);
      }
    }
    if (dir.empty()) {
      break;
    }
  }
  auto set_by_job = [&](const std::string& key) -> const RegistrySetting* {
    const auto& settings = m_facts.registry_settings;
    for (auto it = settings.rbegin(); it != settings.rend(); ++it) {
      if (it->step <= hit.step && it->key == key) {
        return &*it;
      }
    }
    return nullptr;
  };
  auto pick = [&](const char* env, const std::string& key, auto from_file) {
    if (env && step) {
      if (auto* var = find_env(m_ctx.workflow, m_job, step, env)) {
        hit.registry = var->value.value;
        hit.registry_source = std::string(env) + " env";
        return true;
      }
    }
    if (const auto* setting = set_by_job(key)) {
      hit.registry = setting->value;
      hit.registry_source =
          key + " set by the job (line " + std::to_string(setting->where.at.line) + ")";
      return true;
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (std::string url = from_file(files[i]); !url.empty()) {
        hit.registry = url;
        hit.registry_source = paths[i] + " " + key;
        return true;
      }
    }
    return false;
  };
  std::string bare_scope = scope.empty() ? std::string() : scope.substr(1);
  if (!bare_scope.empty() && pick(nullptr, "npmScopes." + bare_scope + ".npmPublishRegistry",
                                  [&](const parse::YarnRegistries& f) {
                                    auto it = f.scope_publish_registry.find(bare_scope);
                                    return it == f.scope_publish_registry.end() ? std::string()
                                                                                : it->second;
                                  })) {
    return true;
  }
  return pick("YARN_NPM_PUBLISH_REGISTRY", "npmPublishRegistry",
              [](const parse::YarnRegistries& f) { return f.publish_registry; }) ||
         pick("YARN_NPM_REGISTRY_SERVER", "npmRegistryServer",
              [](const parse::YarnRegistries& f) { return f.registry_server; });
}

}  // namespace nts::workflow::publish_scan
