#include "workflow/knowledge.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "rules/embedded_rules.hpp"
#include "util/text.hpp"
#include "workflow/readiness.hpp"

namespace nts::workflow {
namespace {

YAML::Node file(const std::string& name) {
  std::string path = "rules/workflow/" + name;
  for (const auto& entry : rules::embedded_rule_files()) {
    if (entry.path == path) {
      return YAML::Load(std::string(entry.text));
    }
  }
  throw std::runtime_error(path + " is not embedded");
}

std::vector<std::string> strings(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node && node.IsSequence()) {
    for (const auto& item : node) {
      out.push_back(item.as<std::string>());
    }
  } else if (node && node.IsScalar()) {
    out.push_back(node.Scalar());
  }
  return out;
}

std::string text(const YAML::Node& node, const char* key) {
  return node[key] ? node[key].as<std::string>() : std::string();
}

std::unique_ptr<RE2> regex(const std::string& pattern, const std::string& where) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) {
    throw std::runtime_error(where + ": " + re->error());
  }
  return re;
}

CommandPattern command_pattern(const YAML::Node& node) {
  CommandPattern c;
  c.tool = text(node, "tool");
  c.program = text(node, "program");
  c.verb = strings(node["verb"]);
  c.client = text(node, "client");
  c.dry_run = strings(node["dry_run"]);
  c.publish_flags = strings(node["publish_flags"]);
  c.registry = text(node, "registry");
  c.config = text(node, "config");
  return c;
}

DatedText dated(const YAML::Node& node) {
  DatedText d;
  d.date = text(node, "date");
  d.text = text(node, "text");
  if (node["high_from_days_before"]) {
    d.high_from_days_before = node["high_from_days_before"].as<int>();
  }
  return d;
}

std::optional<std::chrono::sys_days> parse_date(std::string_view text) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t length, auto& out) {
    auto [end, error] = std::from_chars(text.data() + at, text.data() + at + length, out);
    return error == std::errc() && end == text.data() + at + length;
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                   std::chrono::day{day}};
  if (!date.ok()) {
    return std::nullopt;
  }
  return std::chrono::sys_days{date};
}

Deadlines load_deadlines() {
  auto deadlines = file("deadlines.yaml");
  Deadlines d;
  d.classic_revoked = dated(deadlines["classic_tokens_revoked"]);
  d.write_token_max = dated(deadlines["write_token_max_days"]);
  d.bypass_2fa = dated(deadlines["bypass_2fa_direct_publish"]);
  d.stage_only = dated(deadlines["stage_only_tokens"]);
  return d;
}

std::unique_ptr<Knowledge> load() {
  auto k = std::make_unique<Knowledge>();
  auto publish = file("publish-commands.yaml");
  for (const auto& item : publish["launchers"]) {
    k->launchers.push_back(strings(item));
  }
  k->launcher_options_with_value = strings(publish["launcher_options_with_value"]);
  k->nx_target_builtins = strings(publish["nx_target_builtins"]);
  for (const auto& item : publish["nx_executors"]) {
    k->nx_executor_commands[text(item, "executor")] = text(item, "command");
  }
  for (const auto& item : publish["package_bins"]) {
    k->package_bins[text(item, "package")] = text(item, "program");
  }
  for (const auto& item : publish["launcher_scripts"]) {
    k->launcher_scripts[text(item, "script")] = text(item, "program");
  }
  for (const auto& item : publish["options_with_value"]) {
    k->options_with_value[item.first.as<std::string>()] = strings(item.second);
  }
  for (const auto& item : publish["commands"]) {
    k->commands.push_back(command_pattern(item));
  }
  for (const auto& item : publish["script_runners"]) {
    ScriptRunner runner;
    runner.program = text(item, "program");
    runner.verbs = strings(item["verbs"]);
    runner.implicit = item["implicit"] && item["implicit"].as<bool>();
    runner.every_package = item["every_package"] && item["every_package"].as<bool>();
    k->script_runners.push_back(std::move(runner));
  }
  for (const auto& item : publish["prechecks"]) {
    k->prechecks.push_back(command_pattern(item));
  }
  for (const auto& item : publish["token_commands"]) {
    k->token_commands.push_back(command_pattern(item));
  }
  k->upgrade_verbs = strings(publish["npm_upgrade"]["verbs"]);
  k->upgrade_global_flags = strings(publish["npm_upgrade"]["global_flags"]);
  k->per_package_runners = strings(publish["per_package_runners"]);
  k->shell_interpreters = strings(publish["interpreters"]["shell"]);
  k->js_interpreters = strings(publish["interpreters"]["javascript"]);
  k->interpreter_options_with_value = strings(publish["interpreters"]["options_with_value"]);
  k->other_interpreters = strings(publish["interpreters"]["other"]);
  k->spawn_calls = strings(publish["interpreters"]["spawn_calls"]);
  for (const auto& item : publish["task_runners"]) {
    TaskRunner t;
    t.program = text(item, "program");
    t.kind = text(item, "kind");
    t.files = strings(item["files"]);
    t.directory_options = strings(item["directory_options"]);
    t.file_options = strings(item["file_options"]);
    t.options_with_value = strings(item["options_with_value"]);
    k->task_runners.push_back(std::move(t));
  }
  for (const auto& item : publish["script_sequencers"]) {
    ScriptSequencer sequencer;
    sequencer.program = text(item, "program");
    sequencer.operands_are_commands = text(item, "operands") == "commands";
    sequencer.options_with_value = strings(item["options_with_value"]);
    k->script_sequencers.push_back(std::move(sequencer));
  }
  for (const auto& item : publish["release_apis"]) {
    ReleaseApi api;
    api.tool = text(item, "tool");
    api.module = text(item, "module");
    api.calls = strings(item["calls"]);
    api.client = text(item, "client");
    api.dry_run = text(item, "dry_run");
    k->release_apis.push_back(std::move(api));
  }

  auto actions = file("actions.yaml");
  for (const auto& item : actions["actions"]) {
    ActionPattern a;
    a.uses = util::to_lower(text(item, "uses"));
    a.tool = text(item, "tool");
    a.always = text(item, "publish") == "always";
    a.publish_inputs = strings(item["publish_inputs"]);
    a.command_inputs = strings(item["command_inputs"]);
    a.token_inputs = strings(item["token_inputs"]);
    a.client = text(item, "client");
    a.oidc_from = text(item, "oidc_from");
    a.registry_input = text(item, "registry_input");
    a.note = text(item, "note");
    a.config = text(item, "config");
    a.command_prefix = text(item, "command_prefix");
    a.version_input = text(item, "version_input");
    a.version_of = text(item, "version_of");
    a.version_default = text(item, "version_default");
    a.plugin_inputs = strings(item["plugin_inputs"]);
    k->actions.push_back(std::move(a));
  }
  k->token_input_pattern =
      regex(text(actions, "token_input_pattern"), "actions.yaml token_input_pattern");
  k->setup_node = util::to_lower(text(actions, "setup_node"));
  k->setup_pnpm = util::to_lower(text(actions, "setup_pnpm"));
  k->setup_bun = util::to_lower(text(actions, "setup_bun"));
  for (const auto& item : actions["inline_javascript"]) {
    k->inline_javascript[util::to_lower(text(item, "uses"))] = text(item, "input");
  }
  for (const auto& item : actions["inline_shell"]) {
    k->inline_shell[util::to_lower(text(item, "uses"))] = text(item, "input");
  }
  k->setup_node_ref = text(actions, "setup_node_ref");
  for (const auto& action : strings(actions["node_neutral_actions"])) {
    k->node_neutral_actions.push_back(util::to_lower(action));
  }

  auto tokens = file("tokens.yaml");
  k->token_env_names = strings(tokens["env_names"]);
  k->token_env_pattern = regex(text(tokens, "env_name_pattern"), "tokens.yaml env_name_pattern");
  k->secret_name_pattern =
      regex(text(tokens, "secret_name_pattern"), "tokens.yaml secret_name_pattern");
  k->not_npm_tokens = strings(tokens["not_npm_tokens"]);
  k->npmrc_auth_keys = strings(tokens["npmrc_auth_keys"]);
  k->config_set_keys = strings(tokens["config_set_keys"]);
  k->login_helpers = strings(tokens["login_helpers"]);
  for (const auto& mask : strings(tokens["snippet_masks"])) {
    k->snippet_masks.push_back(regex(mask, "tokens.yaml snippet_masks"));
  }

  auto clients = file("clients.yaml");
  auto npm = clients["npm"];
  k->min_npm = text(npm, "min_npm");
  k->min_node = text(npm, "min_node");
  for (const auto& item : npm["bundled_capable_from"]) {
    k->bundled_capable_from[item.first.as<int>()] = item.second.as<std::string>();
  }
  for (const auto& item : npm["bundled_npm_major"]) {
    k->bundled_npm_major[item.first.as<int>()] = item.second.as<int>();
  }
  k->latest_major = npm["latest_major"].as<int>();
  k->lts_major = npm["lts_major"].as<int>();
  for (const auto& item : npm["lts_codenames"]) {
    k->lts_codenames[item.first.as<std::string>()] = item.second.as<int>();
  }
  k->npm_upgrade_command = text(npm, "upgrade_command");
  k->node_managers = strings(npm["node_managers"]);
  for (const auto& item : clients["clients"]) {
    ClientInfo c;
    c.id = item.first.as<std::string>();
    const auto& v = item.second;
    c.name = text(v, "name");
    c.oidc = text(v, "oidc");
    c.oidc_from = text(v, "oidc_from");
    c.native_from = text(v, "native_from");
    c.version_from = strings(v["version_from"]);
    c.host_dependency = text(v, "host_dependency");
    c.host_from = text(v, "host_from");
    c.fix = text(v, "fix");
    c.precheck = text(v, "precheck");
    k->clients[c.id] = std::move(c);
  }

  auto scopes = file("token-scopes.yaml");
  k->default_token_scopes = strings(scopes["default"]);
  for (const auto& item : scopes["tools"]) {
    k->tool_scopes.push_back({text(item, "marker"), strings(item["scopes"])});
  }
  k->token_markers = strings(scopes["token_markers"]);

  auto runners = file("runners.yaml");
  k->github_hosted = regex(text(runners, "github_hosted"), "runners.yaml github_hosted");
  k->self_hosted = strings(runners["self_hosted"]);

  // The facts every CI provider file may state (GitHub Actions has none).
  auto provider_facts = [&](const char* name, const YAML::Node& node) {
    if (!node["injects_variables_invisibly"]) {
      return;
    }
    Knowledge::CiProvider provider;
    provider.injects_variables_invisibly = node["injects_variables_invisibly"].as<bool>();
    provider.invisible_variable = text(node, "invisible_variable");
    provider.variable_settings = text(node, "variable_settings");
    provider.token_variable = text(node, "token_variable");
    k->ci_providers[name] = std::move(provider);
  };
  auto gitlab = file("gitlab.yaml");
  provider_facts("gitlab", gitlab);
  k->gitlab.ci_file = text(gitlab, "ci_file");
  k->gitlab.id_token_variable = text(gitlab, "id_token_variable");
  k->gitlab.audience = text(gitlab, "audience");
  k->gitlab.sigstore_variable = text(gitlab, "sigstore_variable");
  k->gitlab.hosted_tags = regex(text(gitlab, "hosted_tags"), "gitlab.yaml hosted_tags");
  k->gitlab.package_registry =
      regex(text(gitlab, "package_registry"), "gitlab.yaml package_registry");
  k->gitlab.max_includes = gitlab["max_includes"].as<std::size_t>();
  k->gitlab.max_file_bytes = gitlab["max_file_bytes"].as<std::size_t>();
  k->gitlab.max_extends_depth = gitlab["max_extends_depth"].as<int>();
  k->gitlab.keywords = strings(gitlab["keywords"]);
  k->gitlab.default_keys = strings(gitlab["default_keys"]);

  auto circleci = file("circleci.yaml");
  provider_facts("circleci", circleci);
  auto& c = k->circleci;
  c.config_file = text(circleci, "config_file");
  c.id_token_variable = text(circleci, "id_token_variable");
  c.audience = text(circleci, "audience");
  c.oidc_line = text(circleci, "oidc_line");
  c.min_npm = text(circleci, "min_npm");
  c.min_npm_source = text(circleci, "min_npm_source");
  c.oidc_command = regex(text(circleci, "oidc_command"), "circleci.yaml oidc_command");
  c.self_hosted_resource_class = regex(text(circleci, "self_hosted_resource_class"),
                                       "circleci.yaml self_hosted_resource_class");
  c.provenance = circleci["provenance"].as<bool>();
  for (const auto& item : circleci["no_oidc_clients"]) {
    c.no_oidc_clients[text(item, "client")] = text(item, "why");
  }
  for (const auto& item : circleci["fields"]) {
    c.fields.push_back({text(item, "field"), text(item, "flag"), text(item, "placeholder"),
                        text(item, "where"),
                        item["per_context"] && item["per_context"].as<bool>()});
  }
  c.max_file_bytes = circleci["max_file_bytes"].as<std::size_t>();
  c.max_command_depth = circleci["max_command_depth"].as<int>();
  c.builtin_steps = strings(circleci["builtin_steps"]);
  for (const auto& item : circleci["orbs"]) {
    Knowledge::CircleciOrb orb;
    orb.orb = text(item, "orb");
    orb.publishes = strings(item["publishes"]);
    orb.inert = strings(item["inert"]);
    orb.tool = text(item, "tool");
    orb.client = text(item, "client");
    orb.token_parameter = text(item, "token_parameter");
    orb.token_default = text(item, "token_default");
    orb.executor_image = text(item, "executor_image");
    // An orb's job or command is a `uses:` step named orb:NAMESPACE/ORB/NAME
    // (circleci.cpp): the publishing ones join the action table, the rest of
    // a known orb is inert.
    for (const auto& name : orb.publishes) {
      ActionPattern a;
      a.uses = "orb:" + orb.orb + "/" + name;
      a.tool = orb.tool;
      a.always = true;
      a.client = orb.client;
      k->actions.push_back(std::move(a));
    }
    for (const auto& name : orb.inert) {
      k->inert_actions.push_back("orb:" + orb.orb + "/" + name);
    }
    c.orbs.push_back(std::move(orb));
  }

  static_cast<Deadlines&>(*k) = load_deadlines();

  auto registries = file("registries.yaml");
  k->npmjs_hosts = strings(registries["npmjs"]);
  for (const auto& item : registries["proxies"]) {
    k->proxy_registries.push_back({util::to_lower(text(item, "host")), text(item, "name")});
  }
  k->github_packages_hosts = strings(registries["github_packages"]);

  auto hints = file("publish-hints.yaml");
  k->release_names = regex(text(hints, "release_names"), "publish-hints.yaml release_names");
  k->npm_names = regex(text(hints, "npm_names"), "publish-hints.yaml npm_names");
  k->npm_environments = regex(text(hints, "environments"), "publish-hints.yaml environments");
  k->provenance = regex(text(hints, "provenance"), "publish-hints.yaml provenance");
  k->provenance_not = regex(text(hints, "provenance_not"), "publish-hints.yaml provenance_not");
  k->dry_run_inputs = strings(hints["dry_run_inputs"]);
  for (const auto& action : strings(hints["inert_actions"])) {
    k->inert_actions.push_back(util::to_lower(action));
  }
  if (k->commands.empty() || k->min_npm.empty() || k->bypass_2fa.text.empty() ||
      k->npmjs_hosts.empty() || k->setup_node_ref.empty() || k->tool_scopes.empty()) {
    throw std::runtime_error("rules/workflow data is incomplete");
  }
  return k;
}

}  // namespace

std::optional<long> days_until(std::string_view date) {
  auto target = parse_date(date);
  if (!target) {
    return std::nullopt;
  }
  std::chrono::sys_days today =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (const char* pinned = std::getenv("NTS_TODAY"); pinned != nullptr && *pinned != '\0') {
    auto parsed = parse_date(pinned);
    if (!parsed) {
      return std::nullopt;
    }
    today = *parsed;
  }
  return (*target - today).count();
}

const ClientInfo* Knowledge::client(const std::string& id) const {
  auto it = clients.find(id);
  return it == clients.end() ? nullptr : &it->second;
}

const Knowledge::CiProvider* Knowledge::ci_provider(std::string_view provider_name) const {
  auto it = ci_providers.find(std::string(provider_name));
  return it == ci_providers.end() ? nullptr : &it->second;
}

const Knowledge::CircleciOrb* Knowledge::Circleci::orb(const std::string& name) const {
  for (const auto& known : orbs) {
    if (known.orb == name) {
      return &known;
    }
  }
  return nullptr;
}

const ActionPattern* Knowledge::action(const std::string& uses_without_ref) const {
  auto lowered = util::to_lower(uses_without_ref);
  for (const auto& a : actions) {
    if (a.uses == lowered) {
      return &a;
    }
  }
  return nullptr;
}

const ProxyRegistry* Knowledge::proxy(const std::string& registry_url) const {
  if (util::trim(registry_url).empty()) {
    return nullptr;
  }
  auto host = registry_host(registry_url);
  for (const auto& proxy : proxy_registries) {
    if (proxy.host == host) {
      return &proxy;
    }
  }
  return nullptr;
}

bool Knowledge::inert_action(const std::string& uses_without_ref) const {
  auto lowered = util::to_lower(uses_without_ref);
  for (const auto& inert : inert_actions) {
    bool owner = !inert.empty() && inert.back() == '/';
    if (owner ? lowered.rfind(inert, 0) == 0
              : (lowered == inert || lowered.rfind(inert + "/", 0) == 0)) {
      return true;
    }
  }
  return false;
}

const Knowledge* knowledge(std::string* error) {
  static std::once_flag once;
  static std::unique_ptr<Knowledge> loaded;
  static std::string failure;
  std::call_once(once, [] {
    try {
      loaded = load();
    } catch (const std::exception& e) {
      failure =
          std::string("workflow knowledge (rules/workflow/*.yaml) failed to load: ") + e.what();
    }
  });
  if (!loaded && error) {
    *error = failure;
  }
  return loaded.get();
}

const Deadlines* deadlines() {
  static std::once_flag once;
  static std::optional<Deadlines> loaded;
  std::call_once(once, [] {
    try {
      loaded = load_deadlines();
    } catch (const std::exception&) {
      loaded.reset();  // knowledge() reports why, where the analysis needs it
    }
  });
  return loaded ? &*loaded : nullptr;
}

}  // namespace nts::workflow
