#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::workflow {

// The tables of rules/workflow/*.yaml (embedded in the binary): what publishes,
// which env vars carry tokens, which clients can do OIDC, deadline texts.
// Kept as data so that a new tool or date is a data change, not a code change.
struct CommandPattern {
  std::string tool;
  std::string program;
  std::vector<std::string> verb;
  std::string client;
  std::vector<std::string> dry_run;
  // Flags without which the command only rehearses (`rush publish` publishes
  // with --publish); empty: it always publishes.
  std::vector<std::string> publish_flags;
  std::string registry;  // set when the tool publishes elsewhere (jsr.io)
  // The tool's configuration decides whether it publishes to npm:
  // semantic-release | release-it | auto | goreleaser (see resolve.hpp).
  std::string config;
};

// `make X`, `task X`, `just X`: where the task file is and how it is named.
struct TaskRunner {
  std::string program;
  std::string kind;  // make | task | just
  std::vector<std::string> files;
  std::vector<std::string> directory_options;
  std::vector<std::string> file_options;
  std::vector<std::string> options_with_value;
};

// npm-run-all, run-s, run-p, concurrently: several scripts or commands from
// one command line.
struct ScriptSequencer {
  std::string program;
  bool operands_are_commands = false;  // concurrently; else script names
  std::vector<std::string> options_with_value;
};

// A release tool's programmatic API used from a JavaScript release script.
struct ReleaseApi {
  std::string tool;
  std::string module;
  std::vector<std::string> calls;  // functions that publish; "import" = importing it runs it
  std::string client;
  std::string dry_run;  // an argument that makes the call a rehearsal (`dryRun: true`)
};

struct ScriptRunner {
  std::string program;
  std::vector<std::string> verbs;
  bool implicit = false;
  bool every_package = false;  // runs the script in each workspace package (turbo)
};

struct ActionPattern {
  std::string uses;  // owner/repo[/path], compared case-insensitively
  std::string tool;
  bool always = false;
  std::vector<std::string> publish_inputs;
  std::vector<std::string> command_inputs;
  std::vector<std::string> token_inputs;
  std::string client;
  std::string oidc_from;
  std::string registry_input;
  std::string note;
  std::string config;          // as CommandPattern::config
  std::string command_prefix;  // prepended to a command input (goreleaser's `args`)
  std::string version_input;   // an input naming the version of the tool it runs
  std::string version_of;      // that tool (a package name)
  // What the action runs without that input ("latest": it installs the
  // newest release); the repository's package.json does not decide it.
  std::string version_default;
  std::vector<std::string> plugin_inputs;  // inputs listing `package@version` it installs
};

struct ClientInfo {
  std::string id;
  std::string name;
  std::string oidc;  // native | delegates | package-manager | never
  std::string oidc_from;
  std::string native_from;
  std::vector<std::string> version_from;
  std::string host_dependency;
  std::string host_from;
  std::string fix;
  std::string precheck;
};

// token-scopes.yaml: the GITHUB_TOKEN scopes a tool needs (marker: text in
// the job's `uses:` or `run:` lines; scopes: "contents: write").
struct ToolScopes {
  std::string marker;
  std::vector<std::string> scopes;
};

struct ProxyRegistry {
  std::string host;
  std::string name;
};

struct DatedText {
  std::string date;  // YYYY-MM-DD
  std::string text;
  int high_from_days_before = 0;  // 0: the severity does not follow this date
};

// deadlines.yaml: npm's dates that the reports count down to.
struct Deadlines {
  DatedText classic_revoked, write_token_max, bypass_2fa, stage_only;
};

// Days from today (UTC) to `date` (YYYY-MM-DD), negative once it has passed;
// nullopt for a malformed date. NTS_TODAY=YYYY-MM-DD replaces today, so that
// tests and reproducible runs do not depend on the wall clock.
std::optional<long> days_until(std::string_view date);

struct Knowledge : Deadlines {
  // publish-commands.yaml
  std::vector<std::vector<std::string>> launchers;
  std::vector<std::string> launcher_options_with_value;
  std::vector<std::string> nx_target_builtins;              // `nx <word>` that is no target
  std::map<std::string, std::string> nx_executor_commands;  // executor -> what it runs
  // `node common/scripts/install-run-rush.js …` runs `rush …`: script file name -> program.
  std::map<std::string, std::string> launcher_scripts;
  std::map<std::string, std::string> package_bins;  // package name -> its binary
  std::map<std::string, std::vector<std::string>> options_with_value;
  std::vector<CommandPattern> commands;
  std::vector<ScriptRunner> script_runners;
  std::vector<CommandPattern> prechecks;
  std::vector<CommandPattern> token_commands;  // registry writes OIDC does not cover
  std::vector<std::string> upgrade_verbs;
  std::vector<std::string> upgrade_global_flags;
  std::vector<std::string> per_package_runners;  // `lerna exec -- <command>`
  std::vector<std::string> shell_interpreters;   // bash x.sh, sh -c '…'
  std::vector<std::string> js_interpreters;      // node x.mjs, tsx x.ts
  std::vector<std::string> interpreter_options_with_value;
  std::vector<std::string> other_interpreters;  // Python, Ruby...: only spawn calls are read
  std::vector<std::string> spawn_calls;
  std::vector<TaskRunner> task_runners;
  std::vector<ScriptSequencer> script_sequencers;
  std::vector<ReleaseApi> release_apis;
  // actions.yaml
  std::vector<ActionPattern> actions;
  std::unique_ptr<RE2> token_input_pattern;
  std::string setup_node, setup_pnpm, setup_bun;
  std::map<std::string, std::string> inline_javascript;  // action (lower case) -> its script input
  std::map<std::string, std::string> inline_shell;       // action (lower case) -> its command input
  // tokens.yaml
  std::vector<std::string> token_env_names;
  std::unique_ptr<RE2> token_env_pattern;
  std::unique_ptr<RE2> secret_name_pattern;
  std::vector<std::string> not_npm_tokens;
  std::vector<std::string> npmrc_auth_keys;
  std::vector<std::string> config_set_keys;
  std::vector<std::string> login_helpers;
  std::vector<std::unique_ptr<RE2>> snippet_masks;
  // clients.yaml
  std::string min_npm, min_node;
  std::map<int, std::string> bundled_capable_from;  // node major -> first capable release
  std::map<int, int> bundled_npm_major;
  int latest_major = 0;
  int lts_major = 0;
  std::map<std::string, int> lts_codenames;
  std::string npm_upgrade_command;
  std::map<std::string, ClientInfo> clients;
  std::vector<std::string> node_managers;         // nvm, volta…: they choose Node in a run: line
  std::string setup_node_ref;                     // the major tag a new setup-node step pins
  std::vector<std::string> node_neutral_actions;  // actions.yaml: never change the Node on PATH
  // token-scopes.yaml
  std::vector<std::string> default_token_scopes;
  std::vector<ToolScopes> tool_scopes;
  std::vector<std::string> token_markers;
  // runners.yaml
  std::unique_ptr<RE2> github_hosted;
  std::vector<std::string> self_hosted;
  // gitlab.yaml
  struct Gitlab {
    std::string ci_file, id_token_variable, audience, sigstore_variable;
    std::unique_ptr<RE2> hosted_tags, package_registry;
    std::size_t max_includes = 150;
    std::size_t max_file_bytes = 4194304;
    int max_extends_depth = 11;
    std::vector<std::string> keywords, default_keys;
  } gitlab;
  // Facts every CI provider file (rules/workflow/<provider>.yaml) may state,
  // keyed by provider name (gitlab, circleci); GitHub Actions has none.
  struct CiProvider {
    // Settings-level variables reach every job unseen: a publish with neither a
    // visible token nor an ID token most likely runs on one.
    bool injects_variables_invisibly = false;
    std::string invisible_variable;  // "GitLab project or group CI/CD variable"
    std::string variable_settings;   // where a person finds them
    std::string token_variable;      // the name such a token usually has
  };
  std::map<std::string, CiProvider> ci_providers;
  // circleci.yaml
  struct CircleciOrb {
    std::string orb;  // namespace/name, as the registry names it
    std::vector<std::string> publishes, inert;
    std::string tool, client, token_parameter, token_default, executor_image;
  };
  struct CircleciField {
    std::string field, flag, placeholder, where;
    bool per_context = false;  // given once per context the job uses, else always
  };
  struct Circleci {
    std::string config_file, id_token_variable, audience, oidc_line, min_npm, min_npm_source;
    std::unique_ptr<RE2> oidc_command, self_hosted_resource_class;
    bool provenance = false;
    std::map<std::string, std::string> no_oidc_clients;  // client id -> why
    std::vector<CircleciField> fields;
    std::size_t max_file_bytes = 4194304;
    int max_command_depth = 16;
    std::vector<std::string> builtin_steps;
    std::vector<CircleciOrb> orbs;
    const CircleciOrb* orb(const std::string& name) const;
  } circleci;
  // registries.yaml
  std::vector<std::string> npmjs_hosts;
  std::vector<ProxyRegistry> proxy_registries;
  std::vector<std::string> github_packages_hosts;
  // publish-hints.yaml
  std::unique_ptr<RE2> release_names, npm_names, npm_environments, provenance, provenance_not;
  std::vector<std::string> inert_actions;
  std::vector<std::string> dry_run_inputs;

  // The publishing proxy a registry URL points at, or nullptr.
  const ProxyRegistry* proxy(const std::string& registry_url) const;
  // True when an action (owner/repo[/path], any case) is known never to publish to npm.
  bool inert_action(const std::string& uses_without_ref) const;

  const ClientInfo* client(const std::string& id) const;
  // The facts of a provider file, or nullptr (GitHub Actions, no file).
  const CiProvider* ci_provider(std::string_view provider_name) const;
  const ActionPattern* action(const std::string& uses_without_ref) const;
};

// Loaded once from the embedded rules/workflow/*.yaml. Returns the error text
// in `error` (and nullptr) when the data does not load: a build defect that a
// unit test catches, reported as a scan issue rather than a crash.
const Knowledge* knowledge(std::string* error = nullptr);
// Only the dates, for a report that analyses nothing (an org re-run of stored
// results): far cheaper than knowledge(). Null when deadlines.yaml is broken.
const Deadlines* deadlines();

}  // namespace nts::workflow
