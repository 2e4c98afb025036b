#include "workflow/publish.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include "parse/npmrc.hpp"
#include "util/text.hpp"
#include "workflow/commands.hpp"
#include "workflow/js_script.hpp"
#include "workflow/package_json.hpp"
#include "workflow/resolve.hpp"
#include "workflow/task_files.hpp"
#include "workflow/tokens.hpp"
#include "yaml/limits.hpp"

namespace nts::workflow {
namespace {

// How far a chain of scripts is followed (`release` -> `npm run publish-all`
// -> `./scripts/publish.sh` -> …) and how many hops one job may take in all.
constexpr std::size_t k_max_depth = 16;
constexpr int k_max_expansions = 400;
constexpr std::size_t k_max_workspace_packages = 500;

// The chain from a workflow step to the text being read.
struct Trail {
  std::optional<Evidence> outer;   // set once the chain left the workflow's own text
  std::vector<ResolveHop> via;     // hops so far, outermost first
  std::vector<std::string> chain;  // what is being read on the way (cycle detection)
  std::string label;               // " (via npm run release)", appended to tool names
};

// Where the text being read comes from: the workflow (file "") or a file of
// the repository, whose text gives line numbers (or a fixed line for a command
// written inside a JavaScript string).
struct Source {
  std::string file;
  const std::string* text = nullptr;
  int line = 0;
};

struct EnvWrite {
  std::size_t step = 0;
  std::string name;  // NAME, or `<step id>.outputs.NAME`
  std::string value;
};

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
  JobScanner(const FileContext& ctx, const Job& job)
      : m_ctx(ctx), m_job(job), m_reads(*ctx.reads) {}

  JobFacts run() {
    collect_env_writes();
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
      hit.registry_source = pkg->path + " publishConfig." + pkg->publish_registry_key;
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
    // A module read again with other option flags (see scan_javascript)
    // finds its publishes again.
    auto same_hop = [](const ResolveHop& a, const ResolveHop& b) {
      return a.path == b.path && a.line == b.line && a.what == b.what;
    };
    for (const auto& known : m_facts.publishes) {
      if (known.step == hit.step && known.tool == hit.tool && !hit.via.empty() &&
          std::equal(known.via.begin(), known.via.end(), hit.via.begin(), hit.via.end(),
                     same_hop)) {
        return;
      }
    }
    m_facts.publishes.push_back(std::move(hit));
  }

  static std::string first_line(std::string_view text) {
    auto line = util::trim(text.substr(0, text.find('\n')));
    std::string out(line.substr(0, std::min<std::size_t>(line.size(), 160)));
    for (auto& c : out) {
      if (c == shell::k_expression_space) {
        c = ' ';
      }
    }
    return out;
  }

  int source_line(const Source& source, const Scalar* scalar, const Trail& trail,
                  std::size_t offset) const {
    if (source.text) {
      return line_at(*source.text, offset);
    }
    if (!source.file.empty()) {
      return source.line;
    }
    if (trail.outer) {
      return trail.outer->at.line;
    }
    return scalar ? m_ctx.evidence(*scalar, offset, 1).at.line : 0;
  }

  bool can_go_deeper(const Step& step, const Evidence& at, const Trail& trail,
                     const std::string& key, const std::string& what) {
    if (std::find(trail.chain.begin(), trail.chain.end(), key) != trail.chain.end()) {
      return false;  // a cycle: what it runs is already being read
    }
    if (trail.via.size() >= k_max_depth || ++m_expansions > k_max_expansions) {
      note_unresolved(step, at,
                      what + ": the chain of scripts is deeper than " +
                          std::to_string(k_max_depth) + " hops (or too long); not followed");
      return false;
    }
    return true;
  }

  void note_unresolved(const Step& step, const Evidence& at, std::string reason) {
    for (const auto& u : m_facts.unresolved) {
      if (u.step == step.index && u.reason == reason) {
        return;
      }
    }
    m_facts.unresolved.push_back({step.index, at, std::move(reason)});
  }

  // The trail one hop further: `hop` is where the next text is named.
  static Trail deeper(const Trail& trail, const Evidence& at, ResolveHop hop, std::string key) {
    Trail next = trail;
    if (!next.outer) {
      next.outer = at;
    }
    if (next.label.empty()) {
      next.label = " (via " + hop.what + ")";
    }
    next.via.push_back(std::move(hop));
    next.chain.push_back(std::move(key));
    return next;
  }

  // Classifies the commands of `script` and follows what they run.
  void scan_script(const std::string& script, const Step& step, const Scalar* scalar,
                   std::string dir, const Trail& trail, const Source& source = {}) {
    auto masked = shell::mask_expressions(script);
    auto commands = shell::split(masked);
    std::map<std::string, std::string> shell_vars;
    for (std::size_t i = 0; i < commands.size(); ++i) {
      std::vector<std::string> assignments;
      auto argv = shell::effective(commands[i], &assignments);
      if (argv.empty()) {
        for (const auto& assignment : assignments) {
          auto eq = assignment.find('=');
          shell_vars[assignment.substr(0, eq)] = assignment.substr(eq + 1);
        }
        continue;
      }
      auto where = [&](std::size_t begin, std::size_t end) {
        if (trail.outer) {
          return *trail.outer;
        }
        return m_ctx.evidence(*scalar, begin, end > begin ? end - begin : std::string::npos);
      };
      auto match = match_command(argv, m_ctx.k);
      std::size_t begin = argv[std::min(match.first_word, argv.size() - 1)].begin;
      const Evidence at = where(begin, commands[i].end);
      auto hop_here = [&](std::string what) {
        return ResolveHop{source.file, source_line(source, scalar, trail, begin), std::move(what)};
      };
      const std::string text = first_line(
          std::string_view(masked).substr(commands[i].begin, commands[i].end - commands[i].begin));
      if (auto write = npmrc_write(commands, i, m_ctx.k)) {
        m_facts.npmrc_writes.push_back({step.index, where(write->begin, write->end), write->what,
                                        write->variables, write->expression_secret, write->host});
      }
      if (match.kind == CommandMatch::Kind::none && match.first_word < argv.size() &&
          expand_variable(argv, match.first_word, shell_vars, step, at, trail, dir, hop_here)) {
        continue;
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
          hit.where = at;
          hit.tool = match.pattern->tool + trail.label;
          hit.client = match.pattern->client;
          hit.registry = match.registry.empty() ? match.pattern->registry : match.registry;
          hit.version_pin = match.version_pin;
          if (!match.tool_pin.empty()) {
            hit.tool_pin_name = match.tool_pin_name;
            hit.tool_pin = match.tool_pin;
            hit.tool_pin_source = match.tool_pin_name + "@" + match.tool_pin;
          }
          hit.directory = join_dir(dir, match.directory);
          hit.workspaces = match.workspaces;
          if (!match.pattern->config.empty()) {
            std::vector<std::string> words;
            for (const auto& word : argv) {
              words.push_back(word.text);
            }
            if (!config_allows(match.pattern->config, hit.directory, config_flag(words))) {
              break;
            }
          }
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
          hit.via = trail.via;
          if (!hit.via.empty()) {
            hit.via.push_back(hop_here(text));
          }
          add_publish(std::move(hit));
          break;
        }
        case CommandMatch::Kind::precheck:
          m_facts.prechecks.push_back({step.index, at, match.pattern->tool});
          break;
        case CommandMatch::Kind::npm_upgrade:
          m_facts.upgrades.push_back({step.index, at, match.upgrade});
          break;
        case CommandMatch::Kind::script:
          follow_package_script(match, step, scalar, dir, trail, at, hop_here(text));
          break;
        case CommandMatch::Kind::none:
          follow_program(argv, match.first_word, step, scalar, dir, trail, at, hop_here(text));
          break;
      }
    }
  }

  // `$PUBLISH_CMD …`, `${{ env.CMD }}`, `${{ steps.x.outputs.cmd }}` as the
  // program: each value the variable is given before (in the script, the env
  // blocks, `$GITHUB_ENV`/`$GITHUB_OUTPUT` of earlier steps) is read as the command.
  template <typename HopHere>
  bool expand_variable(const std::vector<shell::Word>& argv, std::size_t first,
                       const std::map<std::string, std::string>& shell_vars, const Step& step,
                       const Evidence& at, const Trail& trail, const std::string& dir,
                       HopHere&& hop_here) {
    static const RE2 shell_var(R"(\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?)");
    static const RE2 env_expr("\\$\\{\\{[\\x1f ]*env\\.([A-Za-z0-9_-]+)[\\x1f ]*\\}\\}");
    static const RE2 output_expr(
        "\\$\\{\\{[\\x1f ]*steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)[\\x1f ]*\\}\\}");
    const std::string& word = argv[first].text;
    std::string name;
    std::string step_id;
    std::vector<std::string> values;
    if (RE2::FullMatch(word, shell_var, &name)) {
      if (auto it = shell_vars.find(name); it != shell_vars.end()) {
        values.push_back(it->second);
      }
    } else if (RE2::FullMatch(word, output_expr, &step_id, &name)) {
      name = step_id + ".outputs." + name;
    } else if (!RE2::FullMatch(word, env_expr, &name)) {
      return false;
    }
    if (values.empty() && step_id.empty()) {
      if (auto* var = find_env(m_ctx.workflow, m_job, &step, name);
          var && var->value.value.find("${{") == std::string::npos) {
        values.push_back(var->value.value);
      }
    }
    for (const auto& write : m_env_writes) {
      if (write.step < step.index && write.name == name) {
        values.push_back(write.value);
      }
    }
    if (values.empty()) {
      return false;
    }
    std::string prefix;
    for (std::size_t i = 0; i < first; ++i) {
      prefix += argv[i].text + " ";
    }
    std::string rest;
    for (std::size_t i = first + 1; i < argv.size(); ++i) {
      rest += " " + quote_word(argv[i].text);
    }
    std::size_t before = m_facts.publishes.size();
    for (const auto& value : values) {
      std::string key = "var:" + name + "=" + value;
      if (!can_go_deeper(step, at, trail, key, word)) {
        continue;
      }
      auto next = deeper(trail, at, hop_here(first_line(word) + " = " + first_line(value)), key);
      scan_script(prefix + value + rest, step, nullptr, dir, next,
                  {"", nullptr, next.via.back().line});
      if (m_facts.publishes.size() > before) {
        break;
      }
    }
    return true;
  }

  static std::string quote_word(const std::string& word) {
    if (!word.empty() && word.find_first_of(" \t\n'\"\\$`;&|<>()*?") == std::string::npos) {
      return word;
    }
    std::string out = "'";
    for (char c : word) {
      out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
  }

  static std::string config_flag(const std::vector<std::string>& words) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      if (words[i] == "-f" || words[i] == "--config") {
        return words[i + 1];
      }
      if (words[i].rfind("--config=", 0) == 0) {
        return words[i].substr(9);
      }
    }
    return {};
  }

  // False when the release tool's configuration says it does not publish to npm.
  bool config_allows(const std::string& kind, const std::string& dir, const std::string& flag) {
    std::string config;
    std::optional<bool> publishes;
    if (kind == "semantic-release") {
      publishes = semantic_release_publishes(m_reads, m_ctx.repo, dir, &config);
    } else if (kind == "release-it") {
      publishes = release_it_publishes(m_reads, m_ctx.repo, dir, &config);
    } else if (kind == "auto") {
      publishes = auto_publishes(m_reads, m_ctx.repo, dir, &config);
    } else if (kind == "goreleaser") {
      publishes = goreleaser_publishes(m_reads, m_ctx.repo, dir, flag, &config);
      return publishes.value_or(false);  // no configuration: GoReleaser publishes no npm package
    }
    return publishes.value_or(true);
  }

  // Every package.json directory in the repository (workspace packages), for
  // `pnpm -r run X`, `--filter`, `yarn workspaces foreach run X`.
  std::vector<std::string> package_dirs() const {
    std::vector<std::string> out;
    for (const auto& path : m_ctx.repo.paths()) {
      std::string_view p = path;
      if (p != "package.json" &&
          !(p.size() > 13 && p.compare(p.size() - 13, 13, "/package.json") == 0)) {
        continue;
      }
      if (p.find("node_modules/") != std::string_view::npos) {
        continue;
      }
      out.push_back(p == "package.json" ? std::string() : std::string(p.substr(0, p.size() - 13)));
      if (out.size() >= k_max_workspace_packages) {
        break;
      }
    }
    return out;
  }

  std::optional<PackageJson> package_at(const std::string& dir) {
    std::string path = dir.empty() ? "package.json" : dir + "/package.json";
    auto text = m_reads.read(m_ctx.repo, path);
    if (!text) {
      return std::nullopt;
    }
    return parse_package_json(path, *text);
  }

  void follow_package_script(const CommandMatch& match, const Step& step, const Scalar* scalar,
                             const std::string& dir, const Trail& trail, const Evidence& at,
                             const ResolveHop& here) {
    std::string base = join_dir(dir, match.directory);
    std::vector<std::string> dirs;
    bool many = match.workspaces || !match.filter.empty();
    if (many) {
      for (const auto& d : package_dirs()) {
        auto pkg = package_at(d);
        if (!pkg || !pkg->scripts.count(match.script)) {
          continue;
        }
        bool named = !match.filter.empty() && match.filter.find('*') == std::string::npos &&
                     match.filter.find('/') != 0 && match.filter[0] != '.' &&
                     match.filter[0] != '!' && match.filter[0] != '{';
        if (named && pkg->name != match.filter) {
          continue;
        }
        if (d.empty() && match.workspaces && pkg->has_workspaces) {
          continue;  // `-r` runs the packages' scripts, not the root's
        }
        dirs.push_back(d);
      }
    } else {
      dirs.push_back(base);
    }
    std::string args;
    for (const auto& word : match.script_args) {
      args += " " + quote_word(word);
    }
    bool ran = false;
    for (const auto& d : dirs) {
      auto pkg = package_at(d);
      if (!pkg) {
        continue;
      }
      for (const std::string& name : {"pre" + match.script, match.script, "post" + match.script}) {
        auto it = pkg->scripts.find(name);
        if (it == pkg->scripts.end()) {
          continue;
        }
        ran = true;
        std::string key = "script:" + pkg->path + "#" + name;
        if (!can_go_deeper(step, at, trail, key, here.what)) {
          continue;
        }
        auto pkg_text = m_reads.read(m_ctx.repo, pkg->path);
        int line = pkg_text ? json_key_line(*pkg_text, "scripts", name) : 0;
        Trail next = deeper(trail, at, here, key);
        if (trail.label.empty()) {
          next.label = " (via " + match.runner + " " + match.script + ")";
        }
        std::string body = it->second + (name == match.script ? args : std::string());
        scan_script(body, step, scalar, d, next, {pkg->path, nullptr, line});
      }
    }
    if (!ran && match.implicit && !many) {
      // `yarn lerna publish`, `pnpm changeset publish`: a binary, not a script.
      std::string command = match.script + args;
      std::string key = "bin:" + base + "#" + command;
      if (can_go_deeper(step, at, trail, key, here.what)) {
        Trail same = trail;
        same.outer = at;
        same.chain.push_back(key);
        scan_script(command, step, nullptr, base, same, {here.path, nullptr, here.line});
      }
    }
  }

  static bool contains(const std::vector<std::string>& list, const std::string& word) {
    return std::find(list.begin(), list.end(), word) != list.end();
  }

  static std::string program_of(const std::string& word) {
    auto slash = word.find_last_of('/');
    return slash == std::string::npos ? word : word.substr(slash + 1);
  }

  // A command that is none of the known ones: an interpreter running a file
  // of the repository, a task runner, or a script named by its path.
  void follow_program(const std::vector<shell::Word>& argv, std::size_t first, const Step& step,
                      const Scalar* scalar, const std::string& dir, const Trail& trail,
                      const Evidence& at, const ResolveHop& here) {
    (void)scalar;
    if (first >= argv.size()) {
      return;
    }
    std::vector<std::string> words;
    for (std::size_t i = first; i < argv.size(); ++i) {
      words.push_back(argv[i].text);
    }
    const std::string program = program_of(words[0]);
    const auto& k = m_ctx.k;
    if (contains(k.shell_interpreters, program)) {
      if (program == "eval") {
        std::string joined;
        for (std::size_t i = 1; i < words.size(); ++i) {
          joined += (i > 1 ? " " : "") + words[i];
        }
        follow_text(joined, step, dir, trail, at, here, "eval:" + joined);
        return;
      }
      for (std::size_t i = 1; i < words.size(); ++i) {
        if (words[i] == "-c" && i + 1 < words.size()) {
          follow_text(words[i + 1], step, dir, trail, at, here, "sh-c:" + words[i + 1]);
          return;
        }
        if (words[i].size() > 1 && words[i][0] == '-') {
          continue;
        }
        follow_file(words[i], false, args_after(words, i), step, dir, trail, at, here);
        return;
      }
      return;
    }
    if (contains(k.js_interpreters, program)) {
      std::size_t i = 1;
      if ((program == "bun" || program == "deno") && i < words.size() && words[i] == "run") {
        ++i;
      }
      for (; i < words.size(); ++i) {
        if (words[i] == "-e" || words[i] == "--eval" || words[i] == "-p" || words[i] == "--print") {
          return;
        }
        if (words[i].size() > 1 && words[i][0] == '-') {
          if (words[i].find('=') == std::string::npos &&
              contains(k.interpreter_options_with_value, words[i])) {
            ++i;
          }
          continue;
        }
        if (program == "bun" && words[i].find('/') == std::string::npos &&
            !is_javascript(words[i], "")) {
          return;  // `bun x`: a package.json script or a binary
        }
        follow_file(words[i], true, args_after(words, i), step, dir, trail, at, here);
        return;
      }
      return;
    }
    for (const auto& runner : k.task_runners) {
      if (runner.program == program) {
        follow_task(runner, words, step, dir, trail, at, here);
        return;
      }
    }
    if (words[0].find('/') != std::string::npos) {
      follow_file(words[0], false, args_after(words, 0), step, dir, trail, at, here);
    }
  }

  static std::vector<std::string> args_after(const std::vector<std::string>& words, std::size_t i) {
    return {words.begin() + static_cast<std::ptrdiff_t>(std::min(i + 1, words.size())),
            words.end()};
  }

  static std::string joined(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& word : args) {
      out += " " + quote_word(word);
    }
    return out;
  }

  // `sh -c '…'`, `eval "…"`: the string is a script of its own, written where the command is.
  void follow_text(const std::string& text, const Step& step, const std::string& dir,
                   const Trail& trail, const Evidence& at, const ResolveHop& here,
                   const std::string& key) {
    if (!can_go_deeper(step, at, trail, key, here.what)) {
      return;
    }
    Trail same = trail;
    same.outer = at;
    same.chain.push_back(key);
    scan_script(text, step, nullptr, dir, same, {here.path, nullptr, here.line});
  }

  // Candidates for a module or script path without its extension.
  std::optional<std::string> existing(const std::string& path, bool javascript) {
    if (m_reads.read(m_ctx.repo, path)) {
      return path;
    }
    if (!javascript) {
      return std::nullopt;
    }
    for (const char* suffix : {".ts", ".js", ".mjs", ".cjs", ".mts", ".cts", ".tsx", ".jsx",
                               "/index.ts", "/index.js", "/index.mjs"}) {
      if (m_reads.read(m_ctx.repo, path + suffix)) {
        return path + suffix;
      }
    }
    return std::nullopt;
  }

  void follow_file(const std::string& word, bool javascript, const std::vector<std::string>& args,
                   const Step& step, const std::string& dir, const Trail& trail, const Evidence& at,
                   const ResolveHop& here) {
    auto path = repo_path(dir, word);
    if (!path) {
      if (word.find("${{") == std::string::npos && word.find('$') == std::string::npos) {
        note_unresolved(step, at, word + " is outside the repository; what it runs is not known");
      }
      return;
    }
    if (path->rfind("node_modules/", 0) == 0 || path->find("/node_modules/") != std::string::npos) {
      // An installed package's binary: known tools match by name.
      auto name = program_of(*path);
      for (const char* ext : {".js", ".cjs", ".mjs"}) {
        if (name.size() > std::strlen(ext) &&
            name.compare(name.size() - std::strlen(ext), std::strlen(ext), ext) == 0) {
          name.resize(name.size() - std::strlen(ext));
        }
      }
      follow_text(name + joined(args), step, dir, trail, at, here, "bin:" + *path);
      return;
    }
    auto found = existing(*path, javascript);
    if (!found) {
      // Not in the checkout (built during the job, or a typo): a known tool
      // still matches by its name (`./dist/bin/auto.js shipit`).
      auto name = program_of(*path);
      auto dot = name.rfind('.');
      if (dot != std::string::npos && dot > 0) {
        name.resize(dot);
      }
      std::vector<shell::Word> argv = {{name, 0, 0, false}};
      for (const auto& arg : args) {
        argv.push_back({arg, 0, 0, false});
      }
      auto match = match_command(argv, m_ctx.k);
      if (match.kind == CommandMatch::Kind::publish) {
        follow_text(name + joined(args), step, dir, trail, at, here, "bin:" + *path);
        return;
      }
      note_unresolved(step, at,
                      *path + " is not in the checkout (or is a link, which is not followed)");
      return;
    }
    std::string key = "file:" + *found;
    if (!can_go_deeper(step, at, trail, key, here.what)) {
      return;
    }
    auto file = read_script_file(m_reads, m_ctx.repo, *found);
    if (auto* reason = std::get_if<std::string>(&file)) {
      note_unresolved(step, at, *reason);
      return;
    }
    auto& script = std::get<ScriptFile>(file);
    Trail next = deeper(trail, at, here, key);
    if (javascript || script.javascript) {
      std::map<std::string, std::set<std::string>> seen = {{script.path, {}}};
      // Flags the script was given decide `if (args.includes('--x'))` branches,
      // when every word is known.
      // An input that is a plain word (a choice, boolean or number) is never
      // one of those flags.
      bool known = std::none_of(args.begin(), args.end(), [&](const std::string& arg) {
        return (arg.find('$') != std::string::npos ||
                arg.find(shell::k_expression_space) != std::string::npos) &&
               !plain_input(arg);
      });
      scan_javascript(script, step, dir, next, at, seen, known ? &args : nullptr, nullptr);
    } else {
      scan_script(script.text, step, nullptr, dir, next, {script.path, &script.text, 0});
    }
  }

  // `${{ inputs.x }}` / `${{ github.event.inputs.x }}` of a plain input.
  bool plain_input(const std::string& word) const {
    if (word.size() < 6 || word.rfind("${{", 0) != 0 || word.compare(word.size() - 2, 2, "}}")) {
      return false;
    }
    std::string inner;
    for (char c : word.substr(3, word.size() - 5)) {
      if (c != ' ' && c != shell::k_expression_space) {
        inner += c;
      }
    }
    for (const char* prefix : {"inputs.", "github.event.inputs."}) {
      std::string p = prefix;
      if (inner.rfind(p, 0) == 0 && m_ctx.workflow.plain_inputs.count(inner.substr(p.size()))) {
        return true;
      }
    }
    return false;
  }

  // `dir` relative path to the directory of `path` (what __dirname is for a
  // command run from `dir`).
  static std::string dirname_from(const std::string& dir, const std::string& path) {
    auto slash = path.rfind('/');
    std::string parent = slash == std::string::npos ? std::string() : path.substr(0, slash);
    if (dir.empty()) {
      return parent.empty() ? "." : parent;
    }
    std::string up;
    std::string d = dir;
    while (!d.empty() && !(parent == d || parent.rfind(d + "/", 0) == 0)) {
      up += "../";
      auto s = d.rfind('/');
      d = s == std::string::npos ? std::string() : d.substr(0, s);
    }
    std::string down = d.empty() ? parent : parent.substr(std::min(parent.size(), d.size() + 1));
    std::string out = up + down;
    while (!out.empty() && out.back() == '/') {
      out.pop_back();
    }
    return out.empty() ? "." : out;
  }

  void scan_javascript(const ScriptFile& script, const Step& step, const std::string& dir,
                       const Trail& trail, const Evidence& at,
                       std::map<std::string, std::set<std::string>>& seen,
                       const std::vector<std::string>* args,
                       const std::set<std::string>* options_off_by_importer) {
    auto reading = js::read_script(script.text, dirname_from(dir, script.path));
    auto runs = [&](const js::Guards& guards) { return !args || js::reachable(guards, *args); };
    // Option flags (`opts.publish`) every caller of a function passes as false.
    std::map<std::string, std::set<std::string>> off;
    auto reached = [&](const js::Guards& guards, const js::Scope& scope) {
      if (!runs(guards)) {
        return false;
      }
      auto it = off.find(scope.function);
      if (it == off.end()) {
        it = off.emplace(scope.function,
                         js::options_off(reading, scope.function, options_off_by_importer, runs))
                 .first;
      }
      return js::options_allow(scope, it->second);
    };
    for (const auto& call : reading.commands) {
      if (!reached(call.guards, call.scope)) {
        continue;
      }
      ResolveHop hop{script.path, call.line, first_line(call.command)};
      Trail same = trail;
      same.chain.push_back("js:" + script.path + ":" + std::to_string(call.line));
      scan_script(call.command, step, nullptr, dir, same, {script.path, nullptr, call.line});
    }
    auto publish_api = [&](const ReleaseApi& api, int line, const std::string& arguments) {
      if (!api.dry_run.empty() && arguments.find(api.dry_run) != std::string::npos) {
        return;
      }
      PublishHit hit;
      hit.step = step.index;
      hit.where = at;
      hit.tool = api.tool + trail.label;
      hit.client = api.client;
      hit.directory = dir;
      static const RE2 registry(R"(registry\s*:\s*'([^']*)')");
      RE2::PartialMatch(arguments, registry, &hit.registry);
      if (api.client == "semantic-release" && !config_allows("semantic-release", dir, "")) {
        return;
      }
      hit.via = trail.via;
      hit.via.push_back({script.path, line, api.tool});
      add_publish(std::move(hit));
    };
    for (const auto& call : reading.api_calls) {
      if (!reached(call.guards, call.scope)) {
        continue;
      }
      for (const auto& api : m_ctx.k.release_apis) {
        if (api.module == call.module && contains(api.calls, call.function)) {
          publish_api(api, call.line, call.arguments);
          break;
        }
      }
    }
    for (const auto& import : reading.imports) {
      for (const auto& api : m_ctx.k.release_apis) {
        if (api.module == import.module && contains(api.calls, "import")) {
          publish_api(api, import.line, "");
        }
      }
      if (import.module.rfind("./", 0) != 0 && import.module.rfind("../", 0) != 0) {
        continue;
      }
      // A module whose imported names are never called (on a path the
      // script's flags and options take) runs nothing; the options every call
      // into it passes as false stay off inside it.
      bool called = !import.bound;
      std::optional<std::set<std::string>> passed_off;
      for (const auto& call : reading.api_calls) {
        if (call.module != import.module || !reached(call.guards, call.scope)) {
          continue;
        }
        called = true;
        auto passed = js::passed_false(call.options);
        if (passed_off) {
          std::set<std::string> both;
          std::set_intersection(passed_off->begin(), passed_off->end(), passed.begin(),
                                passed.end(), std::inserter(both, both.begin()));
          passed = std::move(both);
        }
        passed_off = std::move(passed);
      }
      if (!called) {
        continue;
      }
      if (!import.bound || !passed_off) {
        passed_off.emplace();
      }
      auto slash = script.path.rfind('/');
      std::string here_dir =
          slash == std::string::npos ? std::string() : script.path.substr(0, slash);
      auto path = repo_path(here_dir, import.module);
      if (!path) {
        continue;
      }
      // A module is read once, or again when reached with fewer options off
      // than before (it may then run more).
      auto found = existing(*path, true);
      if (!found) {
        continue;
      }
      auto before = seen.find(*found);
      if (before != seen.end()) {
        if (std::includes(passed_off->begin(), passed_off->end(), before->second.begin(),
                          before->second.end())) {
          continue;
        }
        std::set<std::string> both;
        std::set_intersection(passed_off->begin(), passed_off->end(), before->second.begin(),
                              before->second.end(), std::inserter(both, both.begin()));
        passed_off = both;
      }
      if (++m_expansions > k_max_expansions) {
        continue;
      }
      seen[*found] = *passed_off;
      auto file = read_script_file(m_reads, m_ctx.repo, *found);
      if (auto* module = std::get_if<ScriptFile>(&file);
          module && is_javascript(module->path, "")) {
        Trail next = trail;
        next.via.push_back({script.path, import.line, "import " + import.module});
        scan_javascript(*module, step, dir, next, at, seen, args, &*passed_off);
      }
    }
  }

  // `make publish`, `task release`, `just publish`: the target's commands in order.
  void follow_task(const TaskRunner& runner, const std::vector<std::string>& words,
                   const Step& step, const std::string& dir, const Trail& trail, const Evidence& at,
                   const ResolveHop& here) {
    std::string directory = dir;
    std::string file;
    std::vector<std::string> targets;
    for (std::size_t i = 1; i < words.size(); ++i) {
      const auto& w = words[i];
      auto value = [&](const std::vector<std::string>& names) -> std::optional<std::string> {
        for (const auto& name : names) {
          if (w == name && i + 1 < words.size()) {
            return words[++i];
          }
          if (w.rfind(name + "=", 0) == 0) {
            return w.substr(name.size() + 1);
          }
        }
        return std::nullopt;
      };
      if (auto d = value(runner.directory_options)) {
        directory = join_dir(dir, *d);
      } else if (auto f = value(runner.file_options)) {
        file = *f;
      } else if (value(runner.options_with_value)) {
      } else if (w == "--") {
        break;
      } else if (!w.empty() && w[0] != '-' && w.find('=') == std::string::npos) {
        targets.push_back(w);
      }
    }
    std::optional<std::string> path;
    if (!file.empty()) {
      path = repo_path(directory, file);
    } else {
      for (const auto& name : runner.files) {
        auto candidate = directory.empty() ? name : directory + "/" + name;
        if (m_reads.read(m_ctx.repo, candidate)) {
          path = candidate;
          break;
        }
      }
    }
    if (!path) {
      note_unresolved(step, at, here.what + ": no " + runner.files.front() + " in the checkout");
      return;
    }
    if (targets.empty()) {
      targets.push_back("");
    }
    for (const auto& target : targets) {
      run_task(runner, *path, directory, target, step, trail, at, here);
    }
  }

  void run_task(const TaskRunner& runner, const std::string& path, const std::string& directory,
                const std::string& target, const Step& step, const Trail& trail, const Evidence& at,
                const ResolveHop& here) {
    std::string key = "task:" + path + "#" + target;
    if (!can_go_deeper(step, at, trail, key, here.what)) {
      return;
    }
    auto file = read_script_file(m_reads, m_ctx.repo, path);
    if (auto* reason = std::get_if<std::string>(&file)) {
      note_unresolved(step, at, *reason);
      return;
    }
    const auto& text = std::get<ScriptFile>(file).text;
    std::string name = target;
    if (runner.kind == "make" && name.empty()) {
      name = tasks::makefile_default(text);
    }
    tasks::Task task = runner.kind == "make"   ? tasks::makefile_target(text, name)
                       : runner.kind == "just" ? tasks::justfile_recipe(text, name)
                                               : tasks::taskfile_task(text, name);
    if (!task.found) {
      return;
    }
    Trail next = deeper(trail, at, here, key);
    for (const auto& item : task.steps) {
      ResolveHop hop{
          path, item.line,
          item.command.empty() ? runner.program + " " + item.task : first_line(item.command)};
      if (!item.include.empty()) {
        auto slash = path.rfind('/');
        std::string base = slash == std::string::npos ? std::string() : path.substr(0, slash);
        auto included = repo_path(base, item.include);
        if (!included) {
          note_unresolved(step, at, item.include + " is outside the repository");
          continue;
        }
        bool names_file =
            included->size() > 4 && (included->rfind(".yml") == included->size() - 4 ||
                                     included->rfind(".yaml") == included->size() - 5);
        if (!names_file) {  // a folder: its Taskfile
          for (const auto& name_in_dir : runner.files) {
            if (m_reads.read(m_ctx.repo, *included + "/" + name_in_dir)) {
              *included += "/" + name_in_dir;
              break;
            }
          }
        }
        std::string inner_dir = item.directory.empty() ? directory : join_dir(base, item.directory);
        run_task(runner, *included, inner_dir, item.task, step, next, at, hop);
      } else if (!item.task.empty()) {
        run_task(runner, path, directory, item.task, step, next, at, hop);
      } else {
        std::string d = item.directory.empty() ? directory : join_dir(directory, item.directory);
        scan_script(item.command, step, nullptr, d, next, {path, nullptr, item.line});
      }
    }
  }

  // `echo "NAME=value" >> $GITHUB_ENV` / `$GITHUB_OUTPUT` in every step, so a
  // later `${{ env.NAME }}` or `$NAME` can be read as the command it holds.
  void collect_env_writes() {
    for (const auto& step : m_job.steps) {
      if (!step.run) {
        continue;
      }
      auto masked = shell::mask_expressions(step.run->value);
      for (const auto& command : shell::split(masked)) {
        std::string target;
        for (const auto& redirect : command.redirects) {
          if (redirect.op == ">>" || redirect.op == ">") {
            target = redirect.target.text;
          }
        }
        bool env = target.find("GITHUB_ENV") != std::string::npos;
        bool output = target.find("GITHUB_OUTPUT") != std::string::npos;
        auto argv = shell::effective(command);
        if ((!env && !output) || argv.size() < 2 ||
            (argv[0].text != "echo" && argv[0].text != "printf")) {
          continue;
        }
        std::string text;
        for (std::size_t i = 1; i < argv.size(); ++i) {
          if (text.empty() && argv[i].text.size() > 1 && argv[i].text[0] == '-') {
            continue;
          }
          text += (text.empty() ? "" : " ") + argv[i].text;
        }
        auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0) {
          continue;
        }
        std::string name = text.substr(0, eq);
        if (output) {
          if (step.id.empty()) {
            continue;
          }
          name = step.id + ".outputs." + name;
        }
        std::string value = text.substr(eq + 1);
        for (auto& c : value) {
          if (c == shell::k_expression_space) {
            c = ' ';
          }
        }
        m_env_writes.push_back({step.index, name, value});
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
    scan_script(script, step, &*step.run, step_dir(step), Trail{});
  }

  // `uses: ./.github/actions/publish`: the composite action's `run:` steps are
  // part of this step; evidence points at the `uses:` line.
  void scan_local_action(const Step& step, const std::string& name) {
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

  // A JavaScript action of the repository (`runs.using: node20`, `main:`):
  // its entry script is read like a release script run from the workspace.
  void scan_program_action(const Step& step, const std::string& prefix, const std::string& text,
                           const Evidence& at) {
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
          line = runs["main"].Mark().line + 1;
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
    // `semantic_version: 19`: the version of the tool the action installs.
    if (!action->version_input.empty()) {
      if (auto* v = step.input(action->version_input); v && !util::trim(v->value).empty()) {
        hit.tool_pin_name = action->version_of;
        hit.tool_pin = util::trim(v->value);
        hit.tool_pin_source = action->version_input + ": " + hit.tool_pin;
      }
    }
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
      scan_script(command, step, action->command_prefix.empty() ? v : nullptr, hit.directory,
                  trail);
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

  // `dry_run: true` (publish-hints.yaml dry_run_inputs): an action's rehearsal.
  bool dry_run_input(const Step& step) const {
    const auto& names = m_ctx.k.dry_run_inputs;
    return std::any_of(step.with.begin(), step.with.end(), [&](const auto& input) {
      return std::find(names.begin(), names.end(), input.first) != names.end() &&
             util::equals_icase(util::trim(input.second.value), "true");
    });
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
  ReadCache& m_reads;
  std::vector<EnvWrite> m_env_writes;
  int m_expansions = 0;
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
