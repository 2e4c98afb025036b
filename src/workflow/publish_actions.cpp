// `uses:` steps: publishing actions, the repository's own composite and
// JavaScript actions, and the release tool version an action runs.
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/repo_view.hpp"
#include "util/text.hpp"
#include "workflow/circleci.hpp"
#include "workflow/publish_scanner.hpp"
#include "workflow/tokens.hpp"
#include "yaml/limits.hpp"
#include "yaml/mark.hpp"

namespace nts::workflow::publish_scan {

void JobScanner::scan_local_action(const Step& step, const std::string& name) {
  auto dir = normalize_dir(name);
  std::string prefix = dir.empty() ? std::string() : dir + "/";
  std::optional<std::string> text =
      core::read_at_most(m_ctx.repo, prefix + "action.yml", k_max_yaml_bytes);
  if (!text) {
    text = core::read_at_most(m_ctx.repo, prefix + "action.yaml", k_max_yaml_bytes);
  }
  Evidence at = m_ctx.evidence(*step.uses);
  if (!text) {
    return;  // hints.cpp notes a local action missing from the checkout
  }
  auto steps = parse_composite_action(*text);
  if (!steps) {
    scan_program_action(step, prefix, *text, at);
    return;
  }
  for (const auto& inner : *steps) {
    if (inner.uses && util::to_lower(split_uses(inner.uses->value).first) == m_ctx.k.setup_node) {
      SetupNode setup;
      setup.step = step.index;
      setup.where = at;
      if (auto* v = inner.input("node-version")) {
        setup.node_version = v->value;
      }
      if (auto* v = inner.input("registry-url")) {
        setup.registry_url = v->value;
      }
      m_facts.setup_nodes.push_back(std::move(setup));
    }
    if (!inner.run) {
      continue;
    }
    std::size_t before = m_facts.publishes.size();
    Trail trail;
    trail.outer = at;
    trail.label = " (in " + dir + ")";
    scan_script(inner.run->value, step, nullptr, step_dir(step), trail);
    for (std::size_t i = before; i < m_facts.publishes.size(); ++i) {
      for (const auto& var : inner.env) {
        if (is_token_env(m_ctx.k, var.name.value, var.value.value)) {
          m_facts.publishes[i].inline_tokens.push_back(var.name.value + " (in " + dir + ")");
          m_facts.publishes[i].inline_token_from.push_back(value_origin(var.value.value));
        }
      }
    }
  }
}

void JobScanner::scan_program_action(const Step& step, const std::string& prefix,
                                     const std::string& text, const Evidence& at) {
  std::string using_;
  std::string main;
  int line = 0;
  try {
    if (!yaml::check_limits(prefix + "action.yml", text)) {
      return;
    }
    auto root = YAML::Load(text);
    auto runs = root.IsMap() ? root["runs"] : YAML::Node();
    if (runs && runs.IsMap()) {
      using_ = runs["using"] && runs["using"].IsScalar() ? runs["using"].Scalar() : "";
      if (runs["main"] && runs["main"].IsScalar()) {
        main = runs["main"].Scalar();
        line = yaml::line_of(runs["main"]);
      }
    }
  } catch (const YAML::Exception&) {
    return;
  }
  if (using_.rfind("node", 0) != 0 || main.empty()) {
    return;  // Docker: hints.cpp notes code the scanner does not follow
  }
  if (dry_run_input(step)) {
    return;
  }
  ResolveHop hop{prefix + "action.yml", line, "node " + main};
  follow_file(prefix + main, true, {}, step, "", Trail{}, at, hop);
}

// The script in an action input, read as a release script written in the
// workflow: its hops name the workflow's lines.
void JobScanner::scan_inline_javascript(const Step& step, const Scalar& input) {
  ScriptFile script;
  script.path = m_ctx.workflow.path;
  script.text = input.value;
  script.javascript = true;
  script.line_offset = m_ctx.evidence(input, 0, 1).at.line - 1;
  Evidence at = m_ctx.evidence(input);
  Trail trail;
  trail.outer = at;  // what the script runs is shown at the input
  std::map<std::string, std::set<std::string>> seen = {{script.path, {}}};
  scan_javascript(script, step, step_dir(step), trail, at, seen, nullptr, nullptr);
}

void JobScanner::scan_uses(const Step& step) {
  auto [name, ref] = split_uses(step.uses->value);
  auto lowered = util::to_lower(name);
  if (name.rfind("./", 0) == 0) {
    scan_local_action(step, name);
    return;
  }
  if (lowered == m_ctx.k.setup_node) {
    SetupNode setup;
    setup.step = step.index;
    setup.where = m_ctx.evidence(*step.uses);
    if (auto* v = step.input("node-version")) {
      setup.node_version = v->value;
      setup.node_version_at = m_ctx.evidence(*v);
    }
    if (auto* v = step.input("node-version-file")) {
      setup.node_version_file = v->value;
      if (!setup.node_version_at) {
        setup.node_version_at = m_ctx.evidence(*v);
      }
    }
    if (auto* v = step.input("registry-url")) {
      setup.registry_url = v->value;
    }
    if (auto* v = step.input("scope")) {
      setup.scope = v->value;
    }
    m_facts.setup_nodes.push_back(std::move(setup));
    return;
  }
  if (lowered == m_ctx.k.setup_pnpm) {
    if (auto* v = step.input("version")) {
      m_facts.pnpm_version = v->value;
    }
    return;
  }
  if (lowered == m_ctx.k.setup_bun) {
    m_facts.uses_bun = true;
    return;
  }
  if (auto script_input = m_ctx.k.inline_javascript.find(lowered);
      script_input != m_ctx.k.inline_javascript.end()) {
    if (auto* v = step.input(script_input->second)) {
      scan_inline_javascript(step, *v);
    }
    return;
  }
  if (auto command_input = m_ctx.k.inline_shell.find(lowered);
      command_input != m_ctx.k.inline_shell.end()) {
    if (auto* v = step.input(command_input->second)) {
      scan_script(v->value, step, v, step_dir(step), Trail{});
    }
    return;
  }
  const ActionPattern* action = m_ctx.k.action(name);
  if (!action) {
    // An unknown action handed an npm token is an (org-internal) publisher.
    for (const auto& [input, value] : step.with) {
      if (RE2::FullMatch(input, *m_ctx.k.token_input_pattern) &&
          is_token_env(m_ctx.k, "NPM_TOKEN", value.value)) {
        PublishHit hit;
        hit.step = step.index;
        hit.where = m_ctx.evidence(*step.uses);
        // An orb command (orb:NAMESPACE/ORB/NAME) is shown as the orb's.
        hit.tool =
            name.rfind(k_orb_prefix, 0) == 0 ? "orb " + name.substr(k_orb_prefix.size()) : name;
        hit.client = "npm";
        hit.action = name;
        hit.action_ref = ref;
        hit.directory = step_dir(step);
        add_publish(std::move(hit));
        return;
      }
    }
    return;
  }
  bool publishes = action->always;
  for (const auto& input : action->publish_inputs) {
    if (auto* v = step.input(input); v && !util::trim(v->value).empty()) {
      publishes = true;
    }
  }
  if (!publishes || dry_run_input(step)) {
    return;
  }
  PublishHit hit;
  hit.step = step.index;
  hit.where = m_ctx.evidence(*step.uses);
  hit.tool = action->tool;
  hit.client = action->client;
  hit.action = name;
  hit.action_ref = ref;
  hit.directory = step_dir(step);
  if (auto* cwd = step.input("cwd")) {
    hit.directory = join_dir(hit.directory, cwd->value);
  }
  action_tool_pin(*action, step, hit);
  if (!action->registry_input.empty()) {
    if (auto* v = step.input(action->registry_input)) {
      hit.registry = v->value;
    }
  }
  for (const char* input : {"working_directory", "working-directory"}) {
    if (auto* v = step.input(input)) {
      hit.directory = join_dir(hit.directory, v->value);
    }
  }
  if (!action->config.empty() && !config_allows(action->config, hit.directory, "")) {
    return;
  }
  bool inner_publishes = false;
  // changesets/action `publish: pnpm release`: the command decides the client.
  for (const auto& input : action->command_inputs) {
    auto* v = step.input(input);
    if (!v) {
      continue;
    }
    JobFacts saved = std::move(m_facts);
    m_facts = JobFacts{};
    m_facts.setup_nodes = saved.setup_nodes;
    std::string command =
        action->command_prefix.empty() ? v->value : action->command_prefix + " " + v->value;
    Trail trail;
    if (!action->command_prefix.empty()) {
      trail.outer = m_ctx.evidence(*v);
    }
    scan_script(command, step, action->command_prefix.empty() ? v : nullptr, hit.directory, trail);
    JobFacts inner = std::move(m_facts);
    m_facts = std::move(saved);
    for (auto& unresolved : inner.unresolved) {
      m_facts.unresolved.push_back(std::move(unresolved));
    }
    for (auto& publish : inner.publishes) {
      inner_publishes = true;
      hit.via = publish.via;
      hit.tool = action->tool + ": " + publish.tool;
      if (action->client == "changesets" && publish.client != "changesets") {
        hit.client = publish.client;
      }
      hit.workspaces = hit.workspaces || publish.workspaces;
      if (!publish.tool_pin.empty()) {
        hit.tool_pin_name = publish.tool_pin_name;
        hit.tool_pin = publish.tool_pin;
        hit.tool_pin_source = publish.tool_pin_source;
      }
    }
    for (auto& precheck : inner.prechecks) {
      m_facts.prechecks.push_back(std::move(precheck));
    }
    for (auto& registry_write : inner.token_commands) {
      m_facts.token_commands.push_back(std::move(registry_write));
    }
    for (auto& upgrade : inner.upgrades) {
      m_facts.upgrades.push_back(std::move(upgrade));
    }
  }
  if (!action->command_prefix.empty() && !inner_publishes) {
    return;  // goreleaser-action: only a configuration with an npm publisher publishes
  }
  if (action->client == "changesets") {
    hit.workspaces = true;
  }
  add_publish(std::move(hit));
}

void JobScanner::action_tool_pin(const ActionPattern& action, const Step& step,
                                 PublishHit& hit) const {
  const auto* version = action.version_input.empty() ? nullptr : step.input(action.version_input);
  if (version && !util::trim(version->value).empty()) {
    hit.tool_pin_name = action.version_of;
    hit.tool_pin = util::trim(version->value);
    hit.tool_pin_source = action.version_input + ": " + hit.tool_pin;
  } else if (!action.version_default.empty()) {
    hit.tool_pin_name = action.version_of;
    hit.tool_pin = action.version_default;
    hit.tool_pin_source =
        action.version_default == "bundled"
            ? "the " + action.version_of + " bundled in " + action.tool
            : action.tool + " installs " + action.version_of + "@" + action.version_default;
    if (!action.version_input.empty()) {
      hit.tool_pin_source += " (no " + action.version_input + ")";
    }
  }
  const ClientInfo* client = m_ctx.k.client(action.client);
  for (const auto& input : action.plugin_inputs) {
    const auto* plugins = step.input(input);
    if (!plugins || !client) {
      continue;
    }
    const std::string& list = plugins->value;  // one package per line or word
    for (std::size_t begin = list.find_first_not_of(" \t\r\n,"); begin != std::string::npos;
         begin = list.find_first_not_of(" \t\r\n,", begin)) {
      std::size_t end = std::min(list.find_first_of(" \t\r\n,", begin), list.size());
      std::string word = list.substr(begin, end - begin);
      begin = end;
      auto at = word.rfind('@');
      if (at == 0 || at == std::string::npos) {
        continue;  // `@scope/name` without a version runs the newest release
      }
      std::string name = word.substr(0, at);
      if (contains(client->version_from, "dependency:" + name)) {
        hit.tool_pin_name = name;
        hit.tool_pin = word.substr(at + 1);
        hit.tool_pin_source = input + ": " + word;
      }
    }
  }
}

bool JobScanner::dry_run_input(const Step& step) const {
  const auto& names = m_ctx.k.dry_run_inputs;
  return std::any_of(step.with.begin(), step.with.end(), [&](const auto& input) {
    return std::find(names.begin(), names.end(), input.first) != names.end() &&
           util::equals_icase(util::trim(input.second.value), "true");
  });
}

}  // namespace nts::workflow::publish_scan
