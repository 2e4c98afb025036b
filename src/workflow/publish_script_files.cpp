// A program that is a file of the repository: an interpreter running a
// script, a script named by its path, a string run as a script of its own.
#include <algorithm>
#include <cstring>
#include <variant>

#include "workflow/publish_scanner.hpp"
#include "workflow/spawn_calls.hpp"
#include "workflow/task_files.hpp"

namespace nts::workflow::publish_scan {

bool JobScanner::contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string JobScanner::program_of(const std::string& word) {
  auto slash = word.find_last_of('/');
  return slash == std::string::npos ? word : word.substr(slash + 1);
}

void JobScanner::follow_program(const std::vector<shell::Word>& argv, std::size_t first,
                                const Step& step, const Scalar* scalar, const std::string& dir,
                                const Trail& trail, const Evidence& at, const ResolveHop& here) {
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
    std::size_t i = operand_index(words, 1);
    if (contains({words.begin() + 1, words.begin() + static_cast<std::ptrdiff_t>(i)}, "-c")) {
      if (i < words.size()) {
        follow_text(words[i], step, dir, trail, at, here, "sh-c:" + words[i]);
      }
    } else if (i < words.size()) {
      follow_file(words[i], false, args_after(words, i), step, dir, trail, at, here);
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
  if (contains(k.other_interpreters, program)) {
    // `python3 -u scripts/release.py`, `go run ./cmd/release`: the first
    // operand is the script (`-m module`, `-c code` run no file of ours).
    std::size_t from = program == "go" ? 2 : 1;
    if (program == "go" && (words.size() < 2 || words[1] != "run")) {
      return;
    }
    std::size_t i = operand_index(words, from);
    bool runs_no_file = std::any_of(
        words.begin() + static_cast<std::ptrdiff_t>(from),
        words.begin() + static_cast<std::ptrdiff_t>(i),
        [](const std::string& w) { return w == "-m" || w == "-c" || w == "-e" || w == "-r"; });
    if (!runs_no_file && i < words.size()) {
      follow_file(words[i], false, args_after(words, i), step, dir, trail, at, here);
    }
    return;
  }
  for (const auto& runner : k.task_runners) {
    if (runner.program == program) {
      follow_task(runner, words, step, dir, trail, at, here);
      return;
    }
  }
  for (const auto& sequencer : k.script_sequencers) {
    if (sequencer.program == program) {
      follow_script_sequence(sequencer, words, step, dir, trail, at, here);
      return;
    }
  }
  if (words[0].find('/') != std::string::npos) {
    follow_file(words[0], false, args_after(words, 0), step, dir, trail, at, here);
  }
}

std::size_t JobScanner::operand_index(const std::vector<std::string>& words, std::size_t from) {
  while (from < words.size() && words[from].size() > 1 && words[from][0] == '-') {
    ++from;
  }
  return from;
}

std::vector<std::string> JobScanner::args_after(const std::vector<std::string>& words,
                                                std::size_t i) {
  return {words.begin() + static_cast<std::ptrdiff_t>(std::min(i + 1, words.size())), words.end()};
}

std::string JobScanner::joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& word : args) {
    out += " " + quote_word(word);
  }
  return out;
}

void JobScanner::follow_text(const std::string& text, const Step& step, const std::string& dir,
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

std::optional<std::string> JobScanner::existing(const std::string& path, bool javascript) {
  if (m_ctx.repo.read(path)) {
    return path;
  }
  if (!javascript) {
    return std::nullopt;
  }
  for (const char* suffix : {".ts", ".js", ".mjs", ".cjs", ".mts", ".cts", ".tsx", ".jsx",
                             "/index.ts", "/index.js", "/index.mjs"}) {
    if (m_ctx.repo.read(path + suffix)) {
      return path + suffix;
    }
  }
  return std::nullopt;
}

void JobScanner::follow_file(const std::string& word, bool javascript,
                             const std::vector<std::string>& args, const Step& step,
                             const std::string& dir, const Trail& trail, const Evidence& at,
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
  auto file = read_script_file(m_ctx.repo, *found);
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
  } else if (script.other_language) {
    for (const SpawnedCommand& spawned : spawned_commands(script.text, m_ctx.k.spawn_calls)) {
      scan_script(spawned.command, step, nullptr, dir, next, {script.path, nullptr, spawned.line});
    }
  } else {
    scan_script(script.text, step, nullptr, dir, next, {script.path, &script.text, 0});
  }
}

bool JobScanner::plain_input(const std::string& word) const {
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

std::string JobScanner::dirname_from(const std::string& dir, const std::string& path) {
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

}  // namespace nts::workflow::publish_scan
