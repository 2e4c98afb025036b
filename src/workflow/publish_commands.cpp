// The commands of a script, as the shell splits them: what each runs, and
// the variables that hold a command run later (`$GITHUB_ENV`, step outputs).
#include <re2/re2.h>

#include <algorithm>

#include "workflow/config_writes.hpp"
#include "workflow/publish_scanner.hpp"
#include "workflow/tokens.hpp"

namespace nts::workflow::publish_scan {

std::string JobScanner::scan_script(const std::string& script, const Step& step,
                                    const Scalar* scalar, std::string dir, const Trail& trail,
                                    const Source& source) {
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
    for (auto& setting : registry_writes(commands, i)) {
      std::string file;
      if (setting.project) {  // the file, relative to the repository
        auto slash = setting.path.rfind('/');
        std::string name =
            slash == std::string::npos ? setting.path : setting.path.substr(slash + 1);
        std::string dir_of = join_dir(
            dir, slash == std::string::npos ? std::string() : setting.path.substr(0, slash));
        file = dir_of.empty() ? name : dir_of + "/" + name;
      }
      m_facts.registry_settings.push_back(
          {step.index, at, std::move(setting.key), std::move(setting.value), std::move(file)});
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
        // `yarn workspace @acme/lib npm publish`, `pnpm --filter @acme/lib
        // publish`: the named package's directory.
        if (auto named = named_package_dir(match.filter)) {
          hit.directory = *named;
        } else if (!match.filter.empty()) {
          hit.workspaces = true;
        }
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
      case CommandMatch::Kind::token_command:
        m_facts.token_commands.push_back({step.index, at, match.pattern->tool + trail.label});
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
  return dir;
}

template <typename HopHere>
bool JobScanner::expand_variable(const std::vector<shell::Word>& argv, std::size_t first,
                                 const std::map<std::string, std::string>& shell_vars,
                                 const Step& step, const Evidence& at, const Trail& trail,
                                 const std::string& dir, HopHere&& hop_here) {
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

void JobScanner::collect_env_writes() {
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

std::string JobScanner::quote_word(const std::string& word) {
  if (!word.empty() && word.find_first_of(" \t\n'\"\\$`;&|<>()*?") == std::string::npos) {
    return word;
  }
  std::string out = "'";
  for (char c : word) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string JobScanner::config_flag(const std::vector<std::string>& words) {
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

bool JobScanner::config_allows(const std::string& kind, const std::string& dir,
                               const std::string& flag) {
  std::string config;
  std::optional<bool> publishes;
  if (kind == "semantic-release") {
    publishes = semantic_release_publishes(m_ctx.repo, dir, &config);
  } else if (kind == "release-it") {
    publishes = release_it_publishes(m_ctx.repo, dir, &config);
  } else if (kind == "auto") {
    publishes = auto_publishes(m_ctx.repo, dir, &config);
  } else if (kind == "goreleaser") {
    publishes = goreleaser_publishes(m_ctx.repo, dir, flag, &config);
    return publishes.value_or(false);  // no configuration: GoReleaser publishes no npm package
  }
  return publishes.value_or(true);
}

}  // namespace nts::workflow::publish_scan
