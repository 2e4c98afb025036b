// package.json scripts in every package manager's form, one package or
// every workspace package.
#include <re2/re2.h>

#include "workflow/publish_scanner.hpp"

namespace nts::workflow::publish_scan {

std::vector<std::string> JobScanner::dirs_holding(const std::string& file) const {
  std::vector<std::string> out;
  const std::string in_dir = "/" + file;
  for (const auto& path : m_ctx.repo.paths()) {
    std::string_view p = path;
    if (p != file && !(p.size() > in_dir.size() &&
                       p.compare(p.size() - in_dir.size(), in_dir.size(), in_dir) == 0)) {
      continue;
    }
    if (p.find("node_modules/") != std::string_view::npos) {
      continue;
    }
    out.push_back(p == file ? std::string() : std::string(p.substr(0, p.size() - in_dir.size())));
    if (out.size() >= k_max_workspace_packages) {
      break;
    }
  }
  return out;
}

std::vector<std::string> JobScanner::package_dirs() const {
  return dirs_holding("package.json");
}

std::vector<std::string> JobScanner::nx_project_dirs() const {
  return dirs_holding("project.json");
}

// `--filter @acme/lib`, `yarn workspace @acme/lib`: a package's own name, not
// a pattern, a path or a set.
bool JobScanner::names_one_package(const std::string& filter) {
  return !filter.empty() && filter.find('*') == std::string::npos && filter.find('/') != 0 &&
         filter[0] != '.' && filter[0] != '!' && filter[0] != '{';
}

// The workspace directory of the package the filter names, if one has that name.
std::optional<std::string> JobScanner::named_package_dir(const std::string& filter) {
  if (!names_one_package(filter)) {
    return std::nullopt;
  }
  for (const auto& d : package_dirs()) {
    if (auto pkg = package_at(d); pkg && pkg->name == filter) {
      return d;
    }
  }
  return std::nullopt;
}

std::optional<PackageJson> JobScanner::package_at(const std::string& dir) {
  std::string path = dir.empty() ? "package.json" : dir + "/package.json";
  auto text = m_ctx.repo.read(path);
  if (!text) {
    return std::nullopt;
  }
  return parse_package_json(path, *text);
}

void JobScanner::follow_package_script(const CommandMatch& match, const Step& step,
                                       const Scalar* scalar, const std::string& dir,
                                       const Trail& trail, const Evidence& at,
                                       const ResolveHop& here) {
  if (match.nx_target) {
    follow_nx_target(match, step, scalar, dir, trail, at, here);
    return;
  }
  std::string base = join_dir(dir, match.directory);
  std::vector<std::string> dirs;
  bool many = match.workspaces || !match.filter.empty();
  if (many) {
    for (const auto& d : package_dirs()) {
      auto pkg = package_at(d);
      if (!pkg || !pkg->scripts.count(match.script)) {
        continue;
      }
      if (names_one_package(match.filter) && pkg->name != match.filter) {
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
      auto pkg_text = m_ctx.repo.read(pkg->path);
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

namespace {

// npm-run-all's script patterns: `*` within a `:`-separated segment, `**`
// across segments. Matched as an RE2 expression, so a pattern written to make
// a backtracking matcher explode costs linear time.
std::string script_pattern(std::string_view pattern) {
  std::string expression;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.substr(i, 2) == "**") {
      expression += ".*";
      ++i;
    } else if (pattern[i] == '*') {
      expression += "[^:]*";
    } else {
      expression += RE2::QuoteMeta(std::string(1, pattern[i]));
    }
  }
  return expression;
}

}  // namespace

void JobScanner::follow_script_sequence(const ScriptSequencer& sequencer,
                                        const std::vector<std::string>& words, const Step& step,
                                        const std::string& dir, const Trail& trail,
                                        const Evidence& at, const ResolveHop& here) {
  std::vector<std::string> commands;
  std::optional<PackageJson> pkg = package_at(dir);
  // Every script of the package a pattern names, as `npm run NAME ARGS`.
  auto add_scripts = [&](const std::string& pattern, const std::string& args) {
    if (!pkg) {
      return;
    }
    RE2 matcher(script_pattern(pattern));
    for (const auto& [name, body] : pkg->scripts) {
      if (matcher.ok() && RE2::FullMatch(name, matcher)) {
        commands.push_back("npm run " + quote_word(name) + args);
      }
    }
  };
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--") {
      break;  // npm-run-all: arguments for the scripts' {1} placeholders
    }
    if (word.size() > 1 && word[0] == '-') {
      if (word.find('=') == std::string::npos && contains(sequencer.options_with_value, word)) {
        ++i;
      }
      continue;
    }
    static const RE2 shorthand(R"((?:npm|yarn|pnpm|bun):(\S+)(.*))");
    std::string pattern, args;
    if (sequencer.operands_are_commands && !RE2::FullMatch(word, shorthand, &pattern, &args)) {
      commands.push_back(word);  // a command line of its own
      continue;
    }
    if (!sequencer.operands_are_commands) {
      pattern = word.substr(0, word.find(' '));
      args = word.find(' ') == std::string::npos ? "" : word.substr(word.find(' '));
    }
    add_scripts(pattern, args);
  }
  for (const auto& command : commands) {
    follow_text(command, step, dir, trail, at, here, "seq:" + dir + "#" + command);
  }
}

}  // namespace nts::workflow::publish_scan
