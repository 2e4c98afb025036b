#include "workflow/publish.hpp"

#include "parse/npmrc.hpp"
#include "util/text.hpp"
#include "workflow/commands.hpp"
#include "workflow/package_json.hpp"
#include "workflow/tokens.hpp"

namespace nts::workflow {
namespace {

// Scripts that call scripts: `release` -> `npm run publish-all` -> `changeset publish`.
constexpr int k_script_depth = 2;

std::string join_dir(const std::string& base, const std::string& dir) {
  if (dir.empty()) {
    return base;
  }
  if (dir[0] == '/' || dir[0] == '~' || dir[0] == '$') {
    return base;  // outside the checkout or unknown: keep what we know
  }
  return normalize_dir(base.empty() ? dir : base + "/" + dir);
}

class JobScanner {
 public:
  JobScanner(const FileContext& ctx, const Job& job) : m_ctx(ctx), m_job(job) {}

  JobFacts run() {
    for (const auto& step : m_job.steps) {
      if (step.uses) {
        scan_uses(step);
      }
      if (step.run) {
        scan_run(step);
      }
    }
    if (m_job.uses) {
      scan_reusable_call();
    }
    return std::move(m_facts);
  }

 private:
  std::string step_dir(const Step& step) const {
    std::string dir = m_ctx.workflow.default_working_directory;
    if (!m_job.default_working_directory.empty()) {
      dir = m_job.default_working_directory;
    }
    if (step.working_directory) {
      dir = step.working_directory->value;
    }
    return dir.find("${{") != std::string::npos ? std::string() : normalize_dir(dir);
  }

  // The registry a publish goes to when nothing on the command line says so.
  void default_registry(PublishHit& hit) {
    if (!hit.registry.empty()) {
      hit.registry_source = "--registry";
      return;
    }
    auto pkg = read_package_json(m_ctx.repo, hit.directory);
    if (pkg && !pkg->publish_registry.empty()) {
      hit.registry = pkg->publish_registry;
      hit.registry_source = pkg->path + " publishConfig.registry";
      return;
    }
    // A committed project .npmrc outranks setup-node's user config:
    // `@scope:registry=` for the package's scope, else `registry=`.
    std::string scope = pkg && !pkg->name.empty() && pkg->name[0] == '@'
                            ? pkg->name.substr(0, pkg->name.find('/'))
                            : std::string();
    for (const auto& dir : {hit.directory, std::string()}) {
      auto path = dir.empty() ? std::string(".npmrc") : dir + "/.npmrc";
      auto text = m_ctx.repo.read(path);
      if (!text) {
        continue;
      }
      auto npmrc = parse::parse_npmrc(*text);
      const parse::NpmrcEntry* entry = scope.empty() ? nullptr : npmrc.find(scope + ":registry");
      if (!entry) {
        entry = npmrc.find("registry");
      }
      if (entry && !entry->value.empty()) {
        hit.registry = entry->value;
        hit.registry_source = path + " " + entry->key;
        return;
      }
    }
    for (auto it = m_facts.setup_nodes.rbegin(); it != m_facts.setup_nodes.rend(); ++it) {
      if (it->step <= hit.step && !it->registry_url.empty()) {
        hit.registry = it->registry_url;
        hit.registry_source = "actions/setup-node registry-url";
        return;
      }
    }
    if (const Step* step = hit.step < m_job.steps.size() ? &m_job.steps[hit.step] : nullptr) {
      for (const char* name : {"NPM_CONFIG_REGISTRY", "npm_config_registry"}) {
        if (auto* var = find_env(m_ctx.workflow, m_job, step, name)) {
          hit.registry = var->value.value;
          hit.registry_source = std::string(name) + " env";
          return;
        }
      }
    }
  }

  void add_publish(PublishHit hit) {
    default_registry(hit);
    m_facts.publishes.push_back(std::move(hit));
  }

  // Classifies the commands of `script`; evidence is reported at the outer
  // command when the script came from package.json (`outer` set).
  void scan_script(const std::string& script, const Step& step, const Scalar* scalar,
                   std::string dir, int depth, const std::optional<Evidence>& outer,
                   const std::string& via) {
    auto masked = shell::mask_expressions(script);
    auto commands = shell::split(masked);
    for (std::size_t i = 0; i < commands.size(); ++i) {
      std::vector<std::string> assignments;
      auto argv = shell::effective(commands[i], &assignments);
      if (argv.empty()) {
        continue;
      }
      auto where = [&](std::size_t begin, std::size_t end) {
        if (outer) {
          return *outer;
        }
        return m_ctx.evidence(*scalar, begin, end > begin ? end - begin : std::string::npos);
      };
      auto match = match_command(argv, m_ctx.k);
      std::size_t begin = argv[std::min(match.first_word, argv.size() - 1)].begin;
      if (auto write = npmrc_write(commands, i, m_ctx.k)) {
        m_facts.npmrc_writes.push_back({step.index, where(write->begin, write->end), write->what,
                                        write->variables, write->expression_secret});
      }
      switch (match.kind) {
        case CommandMatch::Kind::cd:
          dir = join_dir(dir, match.directory);
          break;
        case CommandMatch::Kind::publish: {
          if (match.dry_run) {
            break;
          }
          PublishHit hit;
          hit.step = step.index;
          hit.where = where(begin, commands[i].end);
          hit.tool = match.pattern->tool + via;
          hit.client = match.pattern->client;
          hit.registry = match.registry.empty() ? match.pattern->registry : match.registry;
          hit.version_pin = match.version_pin;
          hit.directory = join_dir(dir, match.directory);
          hit.workspaces = match.workspaces;
          for (const auto& assignment : assignments) {
            auto eq = assignment.find('=');
            auto name = assignment.substr(0, eq);
            auto value = assignment.substr(eq + 1);
            if (is_token_env(m_ctx.k, name, value)) {
              hit.inline_tokens.push_back(name);
              hit.inline_token_from.push_back(value_origin(value));
            }
          }
          for (const auto& word : argv) {
            auto secrets = secret_refs(word.text);
            if (!secrets.empty() && is_token_env(m_ctx.k, "NPM_TOKEN", word.text) &&
                word.text.find('=') == std::string::npos) {
              hit.inline_tokens.push_back("command line");
              hit.inline_token_from.push_back("secrets." + secrets.front());
            } else if (!secrets.empty() && word.text.find("_authToken") != std::string::npos) {
              hit.inline_tokens.push_back(word.text.substr(0, word.text.find('=')));
              hit.inline_token_from.push_back("secrets." + secrets.front());
            }
          }
          add_publish(std::move(hit));
          break;
        }
        case CommandMatch::Kind::precheck:
          m_facts.prechecks.push_back(
              {step.index, where(begin, commands[i].end), match.pattern->tool});
          break;
        case CommandMatch::Kind::npm_upgrade:
          m_facts.upgrades.push_back({step.index, where(begin, commands[i].end), match.upgrade});
          break;
        case CommandMatch::Kind::script: {
          if (depth >= k_script_depth) {
            break;
          }
          auto pkg = read_package_json(m_ctx.repo, join_dir(dir, match.directory));
          if (!pkg) {
            break;
          }
          auto it = pkg->scripts.find(match.script);
          if (it == pkg->scripts.end()) {
            break;
          }
          auto outer_at = outer ? *outer : where(begin, commands[i].end);
          std::string how = via.empty() ? " (via " + match.runner + " " + match.script + ")" : via;
          scan_script(it->second, step, scalar, join_dir(dir, match.directory), depth + 1, outer_at,
                      how);
          break;
        }
        case CommandMatch::Kind::none:
          break;
      }
    }
  }

  // The shell a `run:` uses: the step's, the defaults', or the runner's default.
  bool is_powershell(const Step& step) const {
    std::string shell = step.shell;
    if (shell.empty()) {
      shell = !m_job.default_shell.empty() ? m_job.default_shell : m_ctx.workflow.default_shell;
    }
    if (shell.empty()) {
      for (const auto& label : m_job.runs_on) {
        if (label.value.rfind("windows", 0) == 0) {
          return true;
        }
      }
      return false;
    }
    return shell == "pwsh" || shell == "powershell" || shell.rfind("pwsh ", 0) == 0;
  }

  void scan_run(const Step& step) {
    std::string script = step.run->value;
    if (is_powershell(step)) {
      // PowerShell continues lines with a backtick; the splitter knows `\`.
      for (std::size_t at = script.find("`\n"); at != std::string::npos;
           at = script.find("`\n", at)) {
        script[at] = '\\';
      }
    }
    scan_script(script, step, &*step.run, step_dir(step), 0, std::nullopt, "");
  }

  // `uses: ./.github/actions/publish`: the composite action's `run:` steps are
  // part of this step; evidence points at the `uses:` line.
  void scan_local_action(const Step& step, const std::string& name) {
    auto dir = normalize_dir(name);
    std::optional<std::string> text =
        core::read_at_most(m_ctx.repo, dir + "/action.yml", k_max_yaml_bytes);
    if (!text) {
      text = core::read_at_most(m_ctx.repo, dir + "/action.yaml", k_max_yaml_bytes);
    }
    if (!text) {
      return;
    }
    auto steps = parse_composite_action(*text);
    if (!steps) {
      return;
    }
    Evidence at = m_ctx.evidence(*step.uses);
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
      scan_script(inner.run->value, step, nullptr, step_dir(step), 0, at, " (in " + dir + ")");
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

  void scan_uses(const Step& step) {
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
    const ActionPattern* action = m_ctx.k.action(name);
    if (!action) {
      // An unknown action handed an npm token is an (org-internal) publisher.
      for (const auto& [input, value] : step.with) {
        if (RE2::FullMatch(input, *m_ctx.k.token_input_pattern) &&
            is_token_env(m_ctx.k, "NPM_TOKEN", value.value)) {
          PublishHit hit;
          hit.step = step.index;
          hit.where = m_ctx.evidence(*step.uses);
          hit.tool = name;
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
    if (!publishes) {
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
    if (!action->registry_input.empty()) {
      if (auto* v = step.input(action->registry_input)) {
        hit.registry = v->value;
      }
    }
    // changesets/action `publish: pnpm release`: the command decides the client.
    for (const auto& input : action->command_inputs) {
      auto* v = step.input(input);
      if (!v) {
        continue;
      }
      JobFacts saved = std::move(m_facts);
      m_facts = JobFacts{};
      m_facts.setup_nodes = saved.setup_nodes;
      scan_script(v->value, step, v, hit.directory, 0, std::nullopt, "");
      JobFacts inner = std::move(m_facts);
      m_facts = std::move(saved);
      for (auto& publish : inner.publishes) {
        hit.tool = action->tool + ": " + publish.tool;
        if (action->client == "changesets" && publish.client != "changesets") {
          hit.client = publish.client;
        }
        hit.workspaces = hit.workspaces || publish.workspaces;
      }
      for (auto& precheck : inner.prechecks) {
        m_facts.prechecks.push_back(std::move(precheck));
      }
      for (auto& upgrade : inner.upgrades) {
        m_facts.upgrades.push_back(std::move(upgrade));
      }
    }
    if (action->client == "changesets") {
      hit.workspaces = true;
    }
    add_publish(std::move(hit));
  }

  void scan_reusable_call() {
    PublishHit hit;
    hit.step = m_job.steps.size();
    hit.where = m_ctx.evidence(*m_job.uses);
    hit.tool = "reusable workflow " + m_job.uses->value;
    hit.client = "reusable";
    hit.reusable = true;
    hit.callee = m_job.uses->value;
    m_facts.publishes.push_back(std::move(hit));
  }

  const FileContext& m_ctx;
  const Job& m_job;
  JobFacts m_facts;
};

}  // namespace

std::pair<std::string, std::string> split_uses(const std::string& uses) {
  auto at = uses.rfind('@');
  if (at == std::string::npos) {
    return {uses, ""};
  }
  return {uses.substr(0, at), uses.substr(at + 1)};
}

JobFacts scan_job(const FileContext& ctx, const Job& job) {
  return JobScanner(ctx, job).run();
}

}  // namespace nts::workflow
