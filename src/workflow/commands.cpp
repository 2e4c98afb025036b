#include "workflow/commands.hpp"

#include <algorithm>

namespace nts::workflow {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// `./node_modules/.bin/semantic-release` -> `semantic-release`, `npm.cmd` -> `npm`.
std::string program_name(const std::string& word) {
  auto slash = word.find_last_of("/\\");
  std::string name = slash == std::string::npos ? word : word.substr(slash + 1);
  for (const char* suffix : {".cmd", ".exe", ".ps1"}) {
    std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      name.resize(name.size() - s.size());
    }
  }
  return name;
}

// `npm@11` -> ("npm", "11"); `@scope/pkg@1` -> ("@scope/pkg", "1").
std::pair<std::string, std::string> split_pin(const std::string& word) {
  auto at = word.rfind('@');
  if (at == std::string::npos || at == 0) {
    return {word, ""};
  }
  return {word.substr(0, at), word.substr(at + 1)};
}

bool flag_set(const std::vector<std::string>& words, const std::vector<std::string>& flags) {
  for (const auto& word : words) {
    for (const auto& flag : flags) {
      if (word == flag) {
        return true;
      }
      if (word.rfind(flag + "=", 0) == 0) {
        auto value = word.substr(flag.size() + 1);
        return value != "false" && value != "0";
      }
    }
  }
  return false;
}

std::string option_value(const std::vector<std::string>& words,
                         const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (const auto& name : names) {
      if (words[i] == name && i + 1 < words.size()) {
        return words[i + 1];
      }
      if (words[i].rfind(name + "=", 0) == 0) {
        return words[i].substr(name.size() + 1);
      }
    }
  }
  return {};
}

// Positional words after the program, with options (and their values) removed.
std::vector<std::string> positionals(const std::vector<std::string>& words,
                                     const std::vector<std::string>& with_value) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i];
    if (w.size() > 1 && w[0] == '-') {
      if (w.find('=') == std::string::npos && contains(with_value, w)) {
        ++i;
      }
      continue;
    }
    out.push_back(w);
  }
  return out;
}

CommandMatch match_words(std::vector<std::string> words, const Knowledge& k, int depth);

// `yarn workspaces foreach -A exec "yarn npm publish"` hands one string to a
// shell (a program name never holds a blank): each command in it is matched,
// and the first that publishes (else the first that does anything) counts.
std::optional<CommandMatch> match_shell_string(const std::vector<std::string>& words,
                                               const Knowledge& k, int depth) {
  if (words.size() != 1 || words[0].find_first_of(" \t\n") == std::string::npos) {
    return std::nullopt;
  }
  std::optional<CommandMatch> found;
  for (const auto& command : shell::split(words[0])) {
    std::vector<std::string> inner;
    for (const auto& word : shell::effective(command)) {
      inner.push_back(word.text);
    }
    auto m = match_words(std::move(inner), k, depth + 1);
    if (m.kind == CommandMatch::Kind::publish) {
      return m;
    }
    if (!found && m.kind != CommandMatch::Kind::none) {
      found = std::move(m);
    }
  }
  return found ? found : std::optional<CommandMatch>(CommandMatch{});
}

CommandMatch match_words(std::vector<std::string> words, const Knowledge& k, int depth) {
  CommandMatch m;
  if (words.empty() || depth > 3) {
    return m;
  }
  std::size_t first = 0;
  words[0] = program_name(words[0]);
  if (words[0] == "cd" || words[0] == "pushd" || words[0] == "Set-Location") {
    m.kind = CommandMatch::Kind::cd;
    m.directory = words.size() > 1 ? words[1] : "";
    return m;
  }
  // `node common/scripts/install-run-rush.js publish` is `rush publish`.
  if (words[0] == "node" && words.size() > 2) {
    auto script = k.launcher_scripts.find(program_name(words[1]));
    if (script != k.launcher_scripts.end()) {
      words.erase(words.begin());
      words[0] = script->second;
    }
  }
  // Look through launchers (npx, pnpm dlx, npm exec ...).
  for (const auto& launcher : k.launchers) {
    if (words.size() > launcher.size() &&
        std::equal(launcher.begin(), launcher.end(), words.begin())) {
      std::size_t i = launcher.size();
      while (i < words.size() && words[i].size() > 1 && words[i][0] == '-') {
        bool value = words[i].find('=') == std::string::npos &&
                     contains(k.launcher_options_with_value, words[i]);
        // `npx -p npm@11 npm publish`: the package pin names the binary's version.
        if (value && i + 1 < words.size() && (words[i] == "-p" || words[i] == "--package")) {
          auto [name, pin] = split_pin(words[i + 1]);
          if (name == "npm") {
            m.version_pin = pin;
          } else if (!pin.empty()) {
            m.tool_pin_name = name;
            m.tool_pin = pin;
          }
        }
        i += value ? 2 : 1;
      }
      if (i < words.size() && words[i] == "--") {
        ++i;
      }
      first = i;
      break;
    }
  }
  if (first >= words.size()) {
    return m;
  }
  auto [program, pin] = split_pin(program_name(words[first]));
  std::string package = program;
  if (first > 0) {  // a launcher runs a package's binary, named otherwise at times
    auto [name, package_pin] = split_pin(words[first]);
    if (auto bin = k.package_bins.find(name); bin != k.package_bins.end()) {
      program = bin->second;
      package = name;  // the pin is the package's version, not the binary's namesake's
      pin = package_pin;
    }
  }
  if (!pin.empty() && program == "npm") {
    m.version_pin = pin;
  } else if (!pin.empty()) {
    m.tool_pin_name = package;
    m.tool_pin = pin;
  }
  std::vector<std::string> rest(words.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                                words.end());
  auto opts = k.options_with_value.count(program) ? k.options_with_value.at(program)
                                                  : std::vector<std::string>{};
  auto pos = positionals(rest, opts);
  m.first_word = first;
  m.registry = option_value(rest, {"--registry"});
  m.directory = option_value(rest, {"--prefix", "--cwd", "--dir", "-C"});
  m.workspaces = flag_set(rest, {"-r", "--recursive", "--workspaces", "-ws"}) ||
                 !option_value(rest, {"-w", "--workspace"}).empty();

  // `yarn workspaces foreach [opts] <command>` and `pnpm -r exec <command>`
  // run another command per package.
  // (named: clang 14 cannot capture a structured binding)
  auto nested_after = [&, &program_id =
                              program](const std::string& keyword) -> std::optional<CommandMatch> {
    auto it = std::find(rest.begin(), rest.end(), keyword);
    if (it == rest.end()) {
      return std::nullopt;
    }
    ++it;
    static const std::vector<std::string> values = {"--include", "--exclude", "--from",
                                                    "-j",        "--jobs",    "--since"};
    while (it != rest.end() && it->size() > 1 && (*it)[0] == '-') {
      it += (contains(values, *it) && it + 1 != rest.end()) ? 2 : 1;
    }
    std::vector<std::string> inner_words(it, rest.end());
    // `yarn workspaces foreach … exec CMD` runs CMD itself; `yarn workspaces
    // foreach … npm publish` runs `yarn npm publish`.
    bool exec = program_id == "yarn" && !inner_words.empty() && inner_words.front() == "exec";
    if (exec) {
      inner_words.erase(inner_words.begin());
    } else if (program_id == "yarn" && !inner_words.empty() && inner_words.front() != "yarn") {
      inner_words.insert(inner_words.begin(), "yarn");
    }
    auto shell_string = match_shell_string(inner_words, k, depth);
    auto inner = shell_string ? *shell_string : match_words(std::move(inner_words), k, depth + 1);
    inner.first_word = first;
    inner.workspaces = true;
    return inner;
  };
  if (program == "yarn" && pos.size() >= 2 && pos[0] == "workspaces" && pos[1] == "foreach") {
    if (auto inner = nested_after("foreach")) {
      return *inner;
    }
  }
  if (program == "pnpm" && !pos.empty() && pos[0] == "exec" && m.workspaces) {
    if (auto inner = nested_after("exec")) {
      return *inner;
    }
  }
  // `lerna exec -- npm publish` runs the command in every package.
  if (contains(k.per_package_runners, program) && !pos.empty() && pos[0] == "exec") {
    if (auto inner = nested_after("--")) {
      return *inner;
    }
  }
  // `yarn workspace W run X` / `yarn workspace W npm publish`: the command in W.
  if (program == "yarn" && pos.size() >= 3 && pos[0] == "workspace") {
    auto it = std::find(rest.begin(), rest.end(), pos[1]);
    std::vector<std::string> inner_words = {"yarn"};
    inner_words.insert(inner_words.end(), it + 1, rest.end());
    if (inner_words.size() > 1 && inner_words[1] == "exec") {
      inner_words.erase(inner_words.begin(), inner_words.begin() + 2);
    }
    auto shell_string = match_shell_string(inner_words, k, depth);
    auto inner = shell_string ? *shell_string : match_words(std::move(inner_words), k, depth + 1);
    inner.first_word = first;
    inner.filter = pos[1];
    return inner;
  }

  for (const auto& pattern : k.commands) {
    if (pattern.program != program || pos.size() < pattern.verb.size() ||
        !std::equal(pattern.verb.begin(), pattern.verb.end(), pos.begin())) {
      continue;
    }
    m.kind = CommandMatch::Kind::publish;
    m.pattern = &pattern;
    m.dry_run = flag_set(rest, pattern.dry_run) ||
                (!pattern.publish_flags.empty() && !flag_set(rest, pattern.publish_flags));
    if (pattern.program == "lerna" && pos.size() > 1 && pos[1] == "--help") {
      m.kind = CommandMatch::Kind::none;
    }
    return m;
  }
  for (auto [patterns, kind] : {std::pair{&k.prechecks, CommandMatch::Kind::precheck},
                                std::pair{&k.token_commands, CommandMatch::Kind::token_command}}) {
    for (const auto& pattern : *patterns) {
      if (pattern.program == program && pos.size() >= pattern.verb.size() &&
          std::equal(pattern.verb.begin(), pattern.verb.end(), pos.begin())) {
        m.kind = kind;
        m.pattern = &pattern;
        return m;
      }
    }
  }
  if (program == "npm" && !pos.empty() && contains(k.upgrade_verbs, pos[0]) &&
      flag_set(rest, k.upgrade_global_flags)) {
    for (std::size_t i = 1; i < pos.size(); ++i) {
      auto [name, version] = split_pin(pos[i]);
      if (name == "npm") {
        m.kind = CommandMatch::Kind::npm_upgrade;
        m.upgrade = version.empty() ? Requirement{std::nullopt, true} : parse_requirement(version);
        return m;
      }
    }
  }
  // `nx run-many -t build,publish`, `nx affected -t publish`, `nx run app:publish`,
  // `nx publish app`: a target of each project, or of the one named.
  if (program == "nx" && !pos.empty()) {
    std::string targets;
    if (pos[0] == "run-many" || pos[0] == "affected") {
      targets = option_value(rest, {"-t", "--target", "--targets"});
      if (pos.size() > 1) {
        targets = pos.back();  // `-t build publish`: the words after -t are targets too
      }
      m.filter = option_value(rest, {"-p", "--projects"});
      m.workspaces = m.filter.empty();
    } else if (pos[0] == "run" && pos.size() > 1 && pos[1].find(':') != std::string::npos) {
      m.filter = pos[1].substr(0, pos[1].find(':'));
      targets = pos[1].substr(pos[1].find(':') + 1);
      targets = targets.substr(0, targets.find(':'));  // `app:publish:production`
    } else if (!contains(k.nx_target_builtins, pos[0]) && pos[0].find(':') == std::string::npos) {
      targets = pos[0];
      m.filter = pos.size() > 1 ? pos[1] : std::string();
    }
    if (!targets.empty()) {
      // Of `build,publish` the last one is the release step.
      m.script =
          targets.substr(targets.rfind(',') == std::string::npos ? 0 : targets.rfind(',') + 1);
      m.kind = CommandMatch::Kind::script;
      m.runner = "nx " + pos[0];
      m.nx_target = true;
      return m;
    }
  }
  for (const auto& runner : k.script_runners) {
    if (runner.program != program || pos.empty()) {
      continue;
    }
    // The words after the script name go to the script (`--` dropped).
    auto args_after = [&](const std::string& name, std::size_t skip) {
      std::size_t seen = 0;
      for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == name && seen++ == skip) {
          std::vector<std::string> args(rest.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                        rest.end());
          auto dash = std::find(args.begin(), args.end(), "--");
          if (dash != args.end()) {
            args.erase(dash);
          }
          return args;
        }
      }
      return std::vector<std::string>{};
    };
    m.filter = option_value(rest, {"--filter", "-F"});
    m.workspaces = m.workspaces || runner.every_package;
    if (contains(runner.verbs, pos[0]) && pos.size() > 1) {
      m.kind = CommandMatch::Kind::script;
      m.script = pos[1];
      m.runner = program + " " + pos[0];
      m.script_args = args_after(pos[1], pos[0] == pos[1] ? 1 : 0);
      return m;
    }
    if (runner.implicit) {
      m.kind = CommandMatch::Kind::script;
      m.script = pos[0];
      m.runner = program;
      m.implicit = true;
      m.script_args = args_after(pos[0], 0);
      return m;
    }
  }
  return m;
}

}  // namespace

CommandMatch match_command(const std::vector<shell::Word>& argv, const Knowledge& k) {
  std::vector<std::string> words;
  words.reserve(argv.size());
  for (const auto& word : argv) {
    words.push_back(word.text);
  }
  return match_words(std::move(words), k, 0);
}

}  // namespace nts::workflow
