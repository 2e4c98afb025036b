#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workflow/locate.hpp"
#include "workflow/version.hpp"

namespace nts::workflow {

// A piece of evidence in the workflow file: where it is and what it says.
struct Evidence {
  Position at;
  std::string text;  // the evidence as written (for snippet highlight and fingerprints)
};

// One hop of the chain from a workflow step to the command that finally runs:
// `npm run release` (package.json line 12), `./scripts/publish.sh` line 4, ...
struct ResolveHop {
  std::string path;  // repository-relative file the hop is written in ("" = the workflow)
  int line = 0;      // 1-based line in that file (0 = unknown)
  std::string what;  // what runs there: "npm run release", "make publish", "bash scripts/x.sh"
};

// Where the evidence ran out: the chain left what the scanner can read (an
// external action or reusable workflow, a binary, a script missing from the
// checkout, a hop over the depth limit).
struct UnresolvedHop {
  std::size_t step = 0;
  Evidence where;
  std::string reason;  // "scripts/release.sh is not in the checkout", ...
  // Reported in `unresolved[]` even when the job is not `unknown` (an orb
  // the table does not know: the issue asks for every one to be listed).
  bool listed_without_hint = false;
};

struct PublishHit {
  std::size_t step = 0;
  Evidence where;
  std::string tool;      // "npm publish", "changesets/action", "npm publish (via npm run release)"
  std::string client;    // clients.yaml id
  std::string registry;  // explicit: --registry, publishConfig, setup-node registry-url
  std::string registry_source;
  std::string version_pin;  // npx npm@11 publish
  // The version of the release tool that runs, where the command or the
  // action's input pins it: `npx semantic-release@24`, `semantic_version: 19`.
  std::string tool_pin_name;
  std::string tool_pin;
  std::string tool_pin_source;  // as written, for the reason
  std::string directory;        // normalized working directory of the command
  std::string action;           // owner/repo[/path] of a publishing action
  std::string action_ref;       // its @ref
  bool workspaces = false;      // publishes every workspace package
  bool reusable = false;        // a call of a reusable workflow that publishes
  std::string callee;           // its path ("./.github/workflows/x.yml" or owner/repo/...)
  std::vector<std::string> inline_tokens;  // NAME=${{ secrets.X }} on the command itself
  std::vector<std::string> inline_token_from;
  std::vector<ResolveHop> via;  // from the step to this command, outermost first
};

// A command the job runs that the analysis names (a login pre-check, a
// registry write trusted publishing does not cover).
struct CommandHit {
  std::size_t step = 0;
  Evidence where;
  std::string tool;
};

struct UpgradeHit {
  std::size_t step = 0;
  Evidence where;
  Requirement requirement;
};

// `echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" >> ~/.npmrc`, `npm config set`…
struct NpmrcWrite {
  std::size_t step = 0;
  Evidence where;
  std::string what;                    // ".npmrc write", "npm config set", "npm-cli-login"
  std::vector<std::string> variables;  // shell variables the written value uses
  std::string expression_secret;       // secrets.X used inline
  std::string host;  // the registry host the credential is for (`//host/:_authToken`), "" = any
};

// `echo "@acme:registry=https://npm.pkg.github.com" >> .npmrc`, `npm config
// set registry …`: where later publishes in the job go.
struct RegistrySetting {
  std::size_t step = 0;
  Evidence where;
  std::string key;    // "registry", "@scope:registry", or a Yarn Berry key
  std::string value;  // the URL
  // The project file written, repository-relative ("packages/a/.npmrc",
  // ".yarnrc.yml"); empty for the user config.
  std::string project_file;
};

struct SetupNode {
  std::size_t step = 0;
  Evidence where;
  std::string node_version;  // as written
  std::optional<Evidence> node_version_at;
  std::string node_version_file;
  std::string registry_url;
  std::string scope;
};

// Everything the step scan learned about one job.
struct JobFacts {
  std::vector<PublishHit> publishes;  // npm-registry and other-registry publishes
  std::vector<CommandHit> prechecks;
  std::vector<CommandHit> token_commands;
  std::vector<UpgradeHit> upgrades;
  std::vector<NpmrcWrite> npmrc_writes;
  std::vector<RegistrySetting> registry_settings;
  std::vector<SetupNode> setup_nodes;
  std::string pnpm_version;  // pnpm/action-setup `version`
  bool uses_bun = false;
  std::vector<UnresolvedHop> unresolved;  // chains the scanner could not follow
};

}  // namespace nts::workflow
