#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/repo_view.hpp"

namespace nts::workflow {

// The fields of a package.json the workflow analysis needs.
struct PackageJson {
  std::string path;  // in the repository
  std::string name;
  bool is_private = false;           // `private` is truthy (npm's test: "true" counts)
  bool private_is_true = false;      // `private` is the boolean true (semantic-release's test)
  std::string repository_url;        // repository.url or the string form ("github:o/r", "o/r")
  std::string publish_registry;      // publishConfig `@scope:registry`, else `registry`
  std::string publish_registry_key;  // which of the two keys it came from
  std::string package_manager;       // "pnpm@10.12.1"
  std::string engines_node;
  std::string volta_node;
  std::string dev_engines_node;
  bool has_workspaces = false;
  bool release_it_skip_checks = false;  // "release-it": {"npm": {"skipChecks": true}}
  bool release_it_publish_disabled = false;
  std::map<std::string, std::string> scripts;
  std::map<std::string, std::string> dependencies;  // all dependency kinds merged

  std::optional<std::string> dependency(const std::string& name) const;
};

// Reads and parses `dir/package.json` ("" = repository root). nullopt when the
// file is missing or not JSON (a broken package.json is not this analysis' concern).
std::optional<PackageJson> read_package_json(const core::RepoView& repo, const std::string& dir);
// The same from text already read (`path` is recorded as the file's path).
std::optional<PackageJson> parse_package_json(const std::string& path, const std::string& text);

// "a/b/../c/" -> "a/c"; leading "./" dropped; "${{ … }}" kept as is.
std::string normalize_dir(const std::string& dir);

// One target of an Nx project (project.json `targets.<name>`): what
// `nx run-many -t <name>` or `nx run <project>:<name>` runs for it.
struct NxTarget {
  std::vector<std::string> commands;  // nx:run-commands (`command`, `options.command(s)`)
  std::string cwd;     // options.cwd; commands run from the workspace root without it
  std::string script;  // nx:run-script: the package.json script it runs
  std::string executor;
};

struct NxProject {
  std::string path;  // project.json in the repository
  std::string name;  // empty: Nx names it after package.json or the folder
  std::map<std::string, NxTarget> targets;
};

// nullopt when the text is not a JSON object.
std::optional<NxProject> parse_nx_project(const std::string& path, const std::string& text);

}  // namespace nts::workflow
