#include "workflow/package_json.hpp"

#include <nlohmann/json.hpp>
#include <vector>

#include "util/glob.hpp"

namespace nts::workflow {
namespace {

std::string string_at(const nlohmann::json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_string()) {
    return j[key].get<std::string>();
  }
  return {};
}

// npm refuses to publish when `private` is truthy in JavaScript's sense
// (libnpmpublish: `if (manifest.private)`): `"private": "true"` is private.
bool js_truthy(const nlohmann::json& value) {
  if (value.is_boolean()) {
    return value.get<bool>();
  }
  if (value.is_string()) {
    return !value.get<std::string>().empty();
  }
  if (value.is_number()) {
    double number = value.get<double>();
    return number != 0 && number == number;  // 0 and NaN are falsy
  }
  return value.is_object() || value.is_array();
}

NxTarget target_of(const nlohmann::json& j) {
  NxTarget target;
  target.executor = string_at(j, "executor");
  if (auto shorthand = string_at(j, "command"); !shorthand.empty()) {
    target.commands.push_back(shorthand);
  }
  const auto empty = nlohmann::json::object();
  const auto& options = j.contains("options") && j["options"].is_object() ? j["options"] : empty;
  if (auto command = string_at(options, "command"); !command.empty()) {
    target.commands.push_back(command);
  }
  if (options.contains("commands") && options["commands"].is_array()) {
    for (const auto& item : options["commands"]) {
      auto command = item.is_string() ? item.get<std::string>() : string_at(item, "command");
      if (!command.empty()) {
        target.commands.push_back(command);
      }
    }
  }
  target.cwd = string_at(options, "cwd");
  target.script = string_at(options, "script");
  return target;
}

}  // namespace

std::optional<std::string> PackageJson::dependency(const std::string& dep) const {
  auto it = dependencies.find(dep);
  if (it == dependencies.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::string normalize_dir(const std::string& dir) {
  return *util::normalize_relative_path(dir, util::AboveRoot::stay_at_root);
}

std::optional<PackageJson> read_package_json(const core::RepoView& repo, const std::string& dir) {
  std::string path = normalize_dir(dir);
  path = path.empty() ? "package.json" : path + "/package.json";
  auto text = repo.read(path);
  if (!text) {
    return std::nullopt;
  }
  return parse_package_json(path, *text);
}

std::optional<PackageJson> parse_package_json(const std::string& path, const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return std::nullopt;
  }
  PackageJson p;
  p.path = path;
  p.name = string_at(j, "name");
  p.is_private = j.contains("private") && js_truthy(j["private"]);
  p.private_is_true = j.contains("private") && j["private"] == true;
  if (j.contains("repository")) {
    const auto& r = j["repository"];
    p.repository_url = r.is_string() ? r.get<std::string>() : string_at(r, "url");
  }
  if (j.contains("publishConfig")) {
    // publishConfig's keys override npm's config for the publish, and npm
    // picks a scoped package's registry from `@scope:registry` before
    // `registry` (npm-registry-fetch's pickRegistry), so the scoped key wins.
    const auto& config = j["publishConfig"];
    std::string scope =
        p.name.size() > 1 && p.name[0] == '@' && p.name.find('/') != std::string::npos
            ? p.name.substr(0, p.name.find('/'))
            : std::string();
    std::string scoped =
        scope.empty() ? std::string() : string_at(config, (scope + ":registry").c_str());
    p.publish_registry_key = scoped.empty() ? "registry" : scope + ":registry";
    p.publish_registry = scoped.empty() ? string_at(config, "registry") : scoped;
  }
  p.package_manager = string_at(j, "packageManager");
  if (j.contains("engines")) {
    p.engines_node = string_at(j["engines"], "node");
  }
  if (j.contains("volta")) {
    p.volta_node = string_at(j["volta"], "node");
  }
  if (j.contains("devEngines") && j["devEngines"].is_object() &&
      j["devEngines"].contains("runtime")) {
    const auto& runtime = j["devEngines"]["runtime"];
    if (string_at(runtime, "name") == "node") {
      p.dev_engines_node = string_at(runtime, "version");
    }
  }
  p.has_workspaces = j.contains("workspaces");
  if (j.contains("scripts") && j["scripts"].is_object()) {
    for (const auto& [key, value] : j["scripts"].items()) {
      if (value.is_string()) {
        p.scripts[key] = value.get<std::string>();
      }
    }
  }
  for (const char* kind : {"dependencies", "devDependencies", "optionalDependencies"}) {
    if (j.contains(kind) && j[kind].is_object()) {
      for (const auto& [key, value] : j[kind].items()) {
        if (value.is_string()) {
          p.dependencies[key] = value.get<std::string>();
        }
      }
    }
  }
  if (j.contains("release-it") && j["release-it"].is_object() && j["release-it"].contains("npm")) {
    const auto& npm = j["release-it"]["npm"];
    if (npm.is_object()) {
      p.release_it_skip_checks = npm.contains("skipChecks") && npm["skipChecks"] == true;
      p.release_it_publish_disabled = npm.contains("publish") && npm["publish"] == false;
    }
  }
  return p;
}

std::optional<NxProject> parse_nx_project(const std::string& path, const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return std::nullopt;
  }
  NxProject project;
  project.path = path;
  project.name = string_at(j, "name");
  if (j.contains("targets") && j["targets"].is_object()) {
    for (const auto& [name, target] : j["targets"].items()) {
      if (target.is_object()) {
        project.targets[name] = target_of(target);
      }
    }
  }
  return project;
}

}  // namespace nts::workflow
