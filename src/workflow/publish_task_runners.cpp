// `make publish`, `task release`, `just publish`: the target's commands.
#include <variant>

#include "workflow/publish_scanner.hpp"
#include "workflow/task_files.hpp"

namespace nts::workflow::publish_scan {

void JobScanner::follow_task(const TaskRunner& runner, const std::vector<std::string>& words,
                             const Step& step, const std::string& dir, const Trail& trail,
                             const Evidence& at, const ResolveHop& here) {
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
      if (m_ctx.repo.read(candidate)) {
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

void JobScanner::run_task(const TaskRunner& runner, const std::string& path,
                          const std::string& directory, const std::string& target, const Step& step,
                          const Trail& trail, const Evidence& at, const ResolveHop& here) {
  std::string key = "task:" + path + "#" + target;
  if (!can_go_deeper(step, at, trail, key, here.what)) {
    return;
  }
  auto file = read_script_file(m_ctx.repo, path);
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
      bool names_file = included->size() > 4 && (included->rfind(".yml") == included->size() - 4 ||
                                                 included->rfind(".yaml") == included->size() - 5);
      if (!names_file) {  // a folder: its Taskfile
        for (const auto& name_in_dir : runner.files) {
          if (m_ctx.repo.read(*included + "/" + name_in_dir)) {
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

}  // namespace nts::workflow::publish_scan
