// A JavaScript or TypeScript release script: the commands it runs through
// child_process, execa or zx, and the modules it imports.
#include <re2/re2.h>

#include <variant>

#include "workflow/publish_scanner.hpp"

namespace nts::workflow::publish_scan {

void JobScanner::scan_javascript(const ScriptFile& script, const Step& step, const std::string& dir,
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
    const int line = call.line + script.line_offset;
    Trail same = trail;
    same.chain.push_back("js:" + script.path + ":" + std::to_string(line));
    scan_script(call.command, step, nullptr, dir, same, {script.path, nullptr, line});
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
        publish_api(api, call.line + script.line_offset, call.arguments);
        break;
      }
    }
  }
  for (const auto& import : reading.imports) {
    for (const auto& api : m_ctx.k.release_apis) {
      if (api.module == import.module && contains(api.calls, "import")) {
        publish_api(api, import.line + script.line_offset, "");
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
        std::set_intersection(passed_off->begin(), passed_off->end(), passed.begin(), passed.end(),
                              std::inserter(both, both.begin()));
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
    auto file = read_script_file(m_ctx.repo, *found);
    if (auto* module = std::get_if<ScriptFile>(&file); module && is_javascript(module->path, "")) {
      Trail next = trail;
      next.via.push_back(
          {script.path, import.line + script.line_offset, "import " + import.module});
      scan_javascript(*module, step, dir, next, at, seen, args, &*passed_off);
    }
  }
}

}  // namespace nts::workflow::publish_scan
