#include "workflow/task_files.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>

#include "util/text.hpp"
#include "yaml/limits.hpp"
#include "yaml/mark.hpp"

namespace nts::workflow::tasks {
namespace {

struct Line {
  int number = 0;
  std::string text;  // continuation lines (`\` at the end) joined
};

std::vector<Line> logical_lines(std::string_view text) {
  std::vector<Line> out;
  int number = 0;
  bool continued = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string line(text.substr(start, end - start));
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    bool continues = !line.empty() && line.back() == '\\';
    if (continues) {
      line.pop_back();
    }
    if (continued && !out.empty()) {
      out.back().text += " " + std::string(util::trim(line));
    } else {
      out.push_back({number, line});
    }
    continued = continues;
    if (end == text.size()) {
      break;
    }
    start = end + 1;
  }
  return out;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) {
    out.push_back(word);
  }
  return out;
}

// A Makefile rule line `targets: prerequisites [; recipe]` (not an assignment).
bool rule_line(const std::string& line, std::string* targets, std::string* prerequisites) {
  if (line.empty() || line[0] == '\t' || line[0] == '#' || line[0] == ' ') {
    return false;
  }
  auto colon = line.find(':');
  if (colon == std::string::npos || line.compare(colon, 2, ":=") == 0) {
    return false;
  }
  if (line.substr(0, colon).find('=') != std::string::npos) {
    return false;
  }
  *targets = line.substr(0, colon);
  std::size_t rest = colon + 1;
  if (rest < line.size() && line[rest] == ':') {
    ++rest;  // double-colon rule
  }
  if (rest < line.size() && line[rest] == '=') {
    return false;  // `x ::= y`
  }
  *prerequisites = line.substr(rest);
  return true;
}

std::string recipe_command(std::string text) {
  std::string_view t = util::trim(text);
  while (!t.empty() && (t[0] == '@' || t[0] == '-' || t[0] == '+')) {
    t.remove_prefix(1);
  }
  return std::string(util::trim(t));
}

// A Taskfile task or include called `name`, by its key or one of its `aliases:`.
template <typename Entry>
bool named(const Entry& entry, const std::string& name) {
  if (entry.first.Scalar() == name) {
    return true;
  }
  const YAML::Node& value = entry.second;
  if (value.IsMap() && value["aliases"] && value["aliases"].IsSequence()) {
    for (const auto& alias : value["aliases"]) {
      if (alias.IsScalar() && alias.Scalar() == name) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

// The Makefile's plain variable assignments (`NPM ?= npm`, `PUBLISH := npm
// publish`), later ones winning, as written: enough to read `$(NPM) publish`.
std::map<std::string, std::string> make_variables(const std::vector<Line>& lines) {
  static const RE2 assignment(
      R"(^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\?|:|::|\+)?=\s*(.*)$)");
  std::map<std::string, std::string> out;
  for (const auto& line : lines) {
    std::string name, value;
    if (!line.text.empty() && line.text[0] != '\t' &&
        RE2::FullMatch(line.text, assignment, &name, &value)) {
      out[name] = std::string(util::trim(value));
    }
  }
  return out;
}

// `$(NAME)` and `${NAME}` of plain variables replaced, and `$$` read as the
// `$` make hands the shell; functions such as `$(shell …)` stay as written.
// Variables made of variables expand four levels deep, and a recipe line
// grows to at most 64 KiB: a Makefile written to explode stays small.
void expand_make_variables(std::string_view text, const std::map<std::string, std::string>& vars,
                           int depth, std::string& out) {
  constexpr std::size_t k_max_expanded = 64 * 1024;
  for (std::size_t i = 0; i < text.size() && out.size() < k_max_expanded; ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (text[i] == '$' && i + 1 < text.size() && (text[i + 1] == '(' || text[i + 1] == '{')) {
      auto close = text.find(text[i + 1] == '(' ? ')' : '}', i + 2);
      auto it = close == std::string_view::npos
                    ? vars.end()
                    : vars.find(std::string(text.substr(i + 2, close - i - 2)));
      if (it != vars.end() && depth < 4) {
        expand_make_variables(it->second, vars, depth + 1, out);
        i = close;
        continue;
      }
    }
    out += text[i];
  }
}

std::string expand_make_variables(const std::string& text,
                                  const std::map<std::string, std::string>& vars) {
  std::string out;
  expand_make_variables(text, vars, 0, out);
  return out;
}

Task makefile_target(std::string_view makefile, const std::string& target) {
  Task task;
  auto lines = logical_lines(makefile);
  const auto vars = make_variables(lines);
  auto recipe = [&](const std::string& text) {
    return recipe_command(expand_make_variables(text, vars));
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string targets;
    std::string prerequisites;
    if (!rule_line(lines[i].text, &targets, &prerequisites)) {
      continue;
    }
    auto names = words(targets);
    if (std::find(names.begin(), names.end(), target) == names.end()) {
      continue;
    }
    if (!task.found) {
      task.line = lines[i].number;
    }
    task.found = true;
    std::string inline_recipe;
    if (auto semicolon = prerequisites.find(';'); semicolon != std::string::npos) {
      inline_recipe = prerequisites.substr(semicolon + 1);
      prerequisites.resize(semicolon);
    }
    for (const auto& prerequisite : words(prerequisites)) {
      if (prerequisite != "|") {
        task.steps.push_back({lines[i].number, "", prerequisite, "", ""});
      }
    }
    if (!util::trim(inline_recipe).empty()) {
      task.steps.push_back({lines[i].number, recipe(inline_recipe), "", "", ""});
    }
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const auto& text = lines[j].text;
      if (!text.empty() && text[0] == '\t') {
        if (auto command = recipe(text); !command.empty() && command[0] != '#') {
          task.steps.push_back({lines[j].number, command, "", "", ""});
        }
      } else if (!util::trim(text).empty() && util::trim(text)[0] != '#') {
        break;
      }
    }
  }
  return task;
}

std::string makefile_default(std::string_view makefile) {
  for (const auto& line : logical_lines(makefile)) {
    std::string targets;
    std::string prerequisites;
    if (rule_line(line.text, &targets, &prerequisites)) {
      for (const auto& name : words(targets)) {
        if (name[0] != '.' && name.find('%') == std::string::npos) {
          return name;
        }
      }
    }
  }
  return {};
}

Task justfile_recipe(std::string_view justfile, const std::string& wanted) {
  Task task;
  auto lines = logical_lines(justfile);
  std::string recipe = wanted;
  if (recipe.empty()) {
    for (const auto& line : lines) {
      const auto& t = line.text;
      if (t.empty() || std::isspace(static_cast<unsigned char>(t[0])) || t[0] == '#' ||
          t[0] == '[' || t.find(":=") != std::string::npos) {
        continue;
      }
      auto head = t.substr(0, t.find(':'));
      auto names = words(head);
      if (!names.empty() && t.find(':') != std::string::npos) {
        std::string name = names[0][0] == '@' ? names[0].substr(1) : names[0];
        if (recipe.empty() || name == "default") {
          recipe = name;
        }
      }
    }
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& t = lines[i].text;
    if (t.empty() || std::isspace(static_cast<unsigned char>(t[0])) || t[0] == '#' ||
        t.find(":=") != std::string::npos) {
      continue;
    }
    auto colon = t.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    auto head = words(t.substr(0, colon));
    if (head.empty()) {
      continue;
    }
    std::string name = head[0][0] == '@' ? head[0].substr(1) : head[0];
    if (name != recipe) {
      continue;
    }
    task.found = true;
    task.line = lines[i].number;
    for (const auto& dependency : words(t.substr(colon + 1))) {
      // `&&` separates the dependencies that run after the recipe; `(x arg)` takes arguments.
      if (dependency == "&&") {
        continue;
      }
      std::string dep = dependency;
      if (!dep.empty() && dep[0] == '(') {
        dep = dep.substr(1);
      }
      if (!dep.empty() && (std::isalnum(static_cast<unsigned char>(dep[0])) || dep[0] == '_')) {
        task.steps.push_back({lines[i].number, "", dep, "", ""});
      }
    }
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const auto& body = lines[j].text;
      if (body.empty()) {
        continue;
      }
      if (!std::isspace(static_cast<unsigned char>(body[0]))) {
        break;
      }
      auto command = recipe_command(body);
      if (!command.empty() && command[0] != '#') {
        task.steps.push_back({lines[j].number, command, "", "", ""});
      }
    }
    break;
  }
  return task;
}

Task taskfile_task(std::string_view taskfile, const std::string& name) {
  Task task;
  if (!yaml::check_limits("Taskfile.yml", taskfile)) {
    return task;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(taskfile));
  } catch (const YAML::Exception&) {
    return task;
  }
  if (!root.IsMap()) {
    return task;
  }
  using yaml::line_of;
  auto tasks = root["tasks"];
  YAML::Node found;
  bool have = false;
  if (tasks && tasks.IsMap()) {
    std::string wanted = name.empty() ? "default" : name;
    for (const auto& entry : tasks) {
      if (named(entry, wanted)) {
        found = entry.second;
        have = true;
        task.line = line_of(entry.first);
        break;
      }
    }
  }
  if (!have) {
    // `ns:rest` of an included Taskfile.
    auto includes = root["includes"];
    auto colon = name.find(':');
    if (!includes || !includes.IsMap() || colon == std::string::npos) {
      return task;
    }
    std::string ns = name.substr(0, colon);
    for (const auto& entry : includes) {
      if (!named(entry, ns)) {
        continue;
      }
      TaskStep step;
      step.line = line_of(entry.first);
      step.task = name.substr(colon + 1);
      if (entry.second.IsScalar()) {
        step.include = entry.second.Scalar();
      } else if (entry.second.IsMap() && entry.second["taskfile"]) {
        step.include = entry.second["taskfile"].Scalar();
        if (entry.second["dir"] && entry.second["dir"].IsScalar()) {
          step.directory = entry.second["dir"].Scalar();
        }
      }
      task.found = !step.include.empty();
      task.line = step.line;
      task.steps.push_back(std::move(step));
      return task;
    }
    return task;
  }
  task.found = true;
  auto add = [&](const YAML::Node& item) {
    if (item.IsScalar()) {
      task.steps.push_back({line_of(item), item.Scalar(), "", "", ""});
    } else if (item.IsMap() && item["task"] && item["task"].IsScalar()) {
      task.steps.push_back({line_of(item), "", item["task"].Scalar(), "", ""});
    } else if (item.IsMap() && item["cmd"] && item["cmd"].IsScalar()) {
      task.steps.push_back({line_of(item), item["cmd"].Scalar(), "", "", ""});
    }
  };
  std::string dir = found.IsMap() && found["dir"] && found["dir"].IsScalar() ? found["dir"].Scalar()
                                                                             : std::string();
  if (found.IsScalar()) {
    add(found);
  } else if (found.IsSequence()) {
    for (const auto& item : found) {
      add(item);
    }
  } else if (found.IsMap()) {
    if (found["deps"] && found["deps"].IsSequence()) {
      for (const auto& item : found["deps"]) {
        if (item.IsScalar()) {  // a dependency is a task, never a command
          task.steps.push_back({line_of(item), "", item.Scalar(), "", ""});
        } else {
          add(item);
        }
      }
    }
    if (found["cmds"] && found["cmds"].IsSequence()) {
      for (const auto& item : found["cmds"]) {
        add(item);
      }
    }
    if (found["cmd"]) {
      add(found["cmd"]);
    }
  }
  for (auto& step : task.steps) {
    if (!step.command.empty()) {
      step.directory = dir;
    }
  }
  return task;
}

}  // namespace nts::workflow::tasks
