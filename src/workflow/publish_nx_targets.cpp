// Nx targets: `nx run-many -t publish` runs, in each project that has the
// target, its project.json commands or its package.json script of that name.
#include <algorithm>

#include "workflow/publish_scanner.hpp"

namespace nts::workflow::publish_scan {
namespace {

// A project that has the target, and how it runs it.
struct NxRun {
  std::string dir;
  std::string name;
  std::optional<NxProject> project;  // when project.json defines the target
};

std::string folder_name(const std::string& dir) {
  return dir.substr(dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/') + 1);
}

bool named_in(const std::string& filter, const std::string& name) {
  std::size_t begin = 0;
  while (begin <= filter.size()) {
    std::size_t end = std::min(filter.find(',', begin), filter.size());
    if (filter.compare(begin, end - begin, name) == 0) {
      return true;
    }
    begin = end + 1;
  }
  return false;
}

}  // namespace

void JobScanner::follow_nx_target(const CommandMatch& match, const Step& step, const Scalar* scalar,
                                  const std::string& dir, const Trail& trail, const Evidence& at,
                                  const ResolveHop& here) {
  std::vector<std::string> dirs = nx_project_dirs();
  for (auto& d : package_dirs()) {
    if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) {
      dirs.push_back(std::move(d));
    }
  }
  std::vector<NxRun> runs;
  for (const auto& d : dirs) {
    std::string path = d.empty() ? "project.json" : d + "/project.json";
    std::optional<NxProject> project;
    if (auto text = m_ctx.repo.read(path)) {
      project = parse_nx_project(path, *text);
    }
    auto pkg = package_at(d);
    bool in_project = project && project->targets.count(match.script);
    if (!in_project && !(pkg && pkg->scripts.count(match.script))) {
      continue;
    }
    std::string name = project && !project->name.empty() ? project->name
                       : pkg && !pkg->name.empty()       ? pkg->name
                                                         : folder_name(d);
    runs.push_back({d, name, in_project ? project : std::nullopt});
  }
  // A project named on the command line, when it is found; else every
  // project with the target (a wrong "does not publish" is the worse error).
  if (!match.filter.empty() && std::any_of(runs.begin(), runs.end(), [&](const NxRun& run) {
        return named_in(match.filter, run.name);
      })) {
    runs.erase(std::remove_if(runs.begin(), runs.end(),
                              [&](const NxRun& run) { return !named_in(match.filter, run.name); }),
               runs.end());
  }
  for (const auto& run : runs) {
    if (!run.project) {
      CommandMatch script = match;  // the package.json script, run in the project
      script.nx_target = false;
      script.workspaces = false;
      script.filter.clear();
      script.directory.clear();
      follow_package_script(script, step, scalar, run.dir, trail, at, here);
      continue;
    }
    const NxTarget& target = run.project->targets.at(match.script);
    std::vector<std::string> commands = target.commands;
    if (auto executor = m_ctx.k.nx_executor_commands.find(target.executor);
        executor != m_ctx.k.nx_executor_commands.end()) {
      commands.push_back(executor->second);
    }
    if (!target.script.empty()) {
      CommandMatch script = match;
      script.nx_target = false;
      script.workspaces = false;
      script.filter.clear();
      script.directory.clear();
      script.script = target.script;
      follow_package_script(script, step, scalar, run.dir, trail, at, here);
    }
    // run-commands run from the workspace root unless options.cwd says otherwise.
    std::string cwd = target.cwd;
    if (auto root = cwd.find("{projectRoot}"); root != std::string::npos) {
      cwd.replace(root, 13, run.dir);
    }
    std::string command_dir = cwd.empty() ? dir : join_dir(dir, cwd);
    auto text = m_ctx.repo.read(run.project->path);
    int line = text ? json_key_line(*text, "targets", match.script) : 0;
    for (std::size_t i = 0; i < commands.size(); ++i) {
      std::string key = "nx:" + run.project->path + "#" + match.script + "#" + std::to_string(i);
      if (!can_go_deeper(step, at, trail, key, here.what)) {
        continue;
      }
      Trail next = deeper(trail, at, here, key);
      if (trail.label.empty()) {
        next.label = " (via " + match.runner + " " + match.script + ")";
      }
      scan_script(commands[i], step, nullptr, command_dir, next,
                  {run.project->path, nullptr, line});
    }
  }
}

}  // namespace nts::workflow::publish_scan
