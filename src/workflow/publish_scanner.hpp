#pragma once

// The walk over one job's steps behind scan_job() (publish.hpp), shared by
// the publish_*.cpp files, each one kind of text the walk reads.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/commands.hpp"
#include "workflow/context.hpp"
#include "workflow/facts.hpp"
#include "workflow/js_script.hpp"
#include "workflow/knowledge.hpp"
#include "workflow/package_json.hpp"
#include "workflow/publish.hpp"
#include "workflow/resolve.hpp"
#include "workflow/shell.hpp"

namespace nts::workflow::publish_scan {

// How far a chain of scripts is followed (`release` -> `npm run publish-all`
// -> `./scripts/publish.sh` -> …) and how many hops one job may take in all.
inline constexpr std::size_t k_max_depth = 16;
inline constexpr int k_max_expansions = 400;
inline constexpr std::size_t k_max_workspace_packages = 500;

// The chain from a workflow step to the text being read.
struct Trail {
  std::optional<Evidence> outer;   // set once the chain left the workflow's own text
  std::vector<ResolveHop> via;     // hops so far, outermost first
  std::vector<std::string> chain;  // what is being read on the way (cycle detection)
  std::string label;               // " (via npm run release)", appended to tool names
};

// Where the text being read comes from: the workflow (file "") or a file of
// the repository, whose text gives line numbers (or a fixed line for a command
// written inside a JavaScript string).
struct Source {
  std::string file;
  const std::string* text = nullptr;
  int line = 0;
};

struct EnvWrite {
  std::size_t step = 0;
  std::string name;  // NAME, or `<step id>.outputs.NAME`
  std::string value;
};

// `dir` under `base`; a directory outside the checkout or unknown keeps `base`.
std::string join_dir(const std::string& base, const std::string& dir);

class JobScanner {
 public:
  JobScanner(const FileContext& ctx, const Job& job) : m_ctx(ctx), m_job(job) {}

  JobFacts run();

 private:
  std::string raw_step_dir(const Step& step) const;
  std::string step_dir(const Step& step) const;
  std::vector<std::string> step_dirs(const Step& step) const;
  // The shell a `run:` uses: the step's, the defaults', or the runner's default.
  bool is_powershell(const Step& step) const;
  void scan_run(const Step& step);
  void scan_reusable_call();
  // The registry a publish goes to when nothing on the command line says so.
  void scan_inline_javascript(const Step& step, const Scalar& input);
  void default_registry(PublishHit& hit);
  std::string setup_node_registry_key(const SetupNode& setup) const;
  bool yarn_berry_registry(PublishHit& hit, const std::string& scope);
  void add_publish(PublishHit hit);
  static std::string first_line(std::string_view text);
  int source_line(const Source& source, const Scalar* scalar, const Trail& trail,
                  std::size_t offset) const;
  bool can_go_deeper(const Step& step, const Evidence& at, const Trail& trail,
                     const std::string& key, const std::string& what);
  void note_unresolved(const Step& step, const Evidence& at, std::string reason);
  // The trail one hop further: `hop` is where the next text is named.
  static Trail deeper(const Trail& trail, const Evidence& at, ResolveHop hop, std::string key);
  // Classifies the commands of `script` and follows what they run; returns the
  // directory the script ends in (after its `cd`s).
  std::string scan_script(const std::string& script, const Step& step, const Scalar* scalar,
                          std::string dir, const Trail& trail, const Source& source = {});
  // `$PUBLISH_CMD …`, `${{ env.CMD }}`, `${{ steps.x.outputs.cmd }}` as the
  // program: each value the variable is given before (in the script, the env
  // blocks, `$GITHUB_ENV`/`$GITHUB_OUTPUT` of earlier steps) is read as the command.
  template <typename HopHere>
  bool expand_variable(const std::vector<shell::Word>& argv, std::size_t first,
                       const std::map<std::string, std::string>& shell_vars, const Step& step,
                       const Evidence& at, const Trail& trail, const std::string& dir,
                       HopHere&& hop_here);
  // `echo "NAME=value" >> $GITHUB_ENV` / `$GITHUB_OUTPUT` in every step, so a
  // later `${{ env.NAME }}` or `$NAME` can be read as the command it holds.
  void collect_env_writes();
  static std::string quote_word(const std::string& word);
  static std::string config_flag(const std::vector<std::string>& words);
  // False when the release tool's configuration says it does not publish to npm.
  bool config_allows(const std::string& kind, const std::string& dir, const std::string& flag);
  // Every package.json directory in the repository (workspace packages), for
  // `pnpm -r run X`, `--filter`, `yarn workspaces foreach run X`.
  std::vector<std::string> package_dirs() const;
  std::vector<std::string> dirs_holding(const std::string& file) const;
  // Every project.json directory (Nx projects without a package.json too).
  std::vector<std::string> nx_project_dirs() const;
  // An Nx target in each project that has it (or the one named): its
  // project.json commands, or the package.json script of that name.
  void follow_nx_target(const CommandMatch& match, const Step& step, const Scalar* scalar,
                        const std::string& dir, const Trail& trail, const Evidence& at,
                        const ResolveHop& here);
  std::optional<PackageJson> package_at(const std::string& dir);
  static bool names_one_package(const std::string& filter);
  std::optional<std::string> named_package_dir(const std::string& filter);
  void follow_package_script(const CommandMatch& match, const Step& step, const Scalar* scalar,
                             const std::string& dir, const Trail& trail, const Evidence& at,
                             const ResolveHop& here);
  static bool contains(const std::vector<std::string>& list, const std::string& word);
  static std::string program_of(const std::string& word);
  // A command that is none of the known ones: an interpreter running a file
  // of the repository, a task runner, or a script named by its path.
  void follow_program(const std::vector<shell::Word>& argv, std::size_t first, const Step& step,
                      const Scalar* scalar, const std::string& dir, const Trail& trail,
                      const Evidence& at, const ResolveHop& here);
  static std::vector<std::string> args_after(const std::vector<std::string>& words, std::size_t i);
  // The first word at or after `from` that is not an option (`-x`, `--x`).
  static std::size_t operand_index(const std::vector<std::string>& words, std::size_t from);
  static std::string joined(const std::vector<std::string>& args);
  // `sh -c '…'`, `eval "…"`: the string is a script of its own, written where the command is.
  void follow_script_sequence(const ScriptSequencer& sequencer,
                              const std::vector<std::string>& words, const Step& step,
                              const std::string& dir, const Trail& trail, const Evidence& at,
                              const ResolveHop& here);
  void follow_text(const std::string& text, const Step& step, const std::string& dir,
                   const Trail& trail, const Evidence& at, const ResolveHop& here,
                   const std::string& key);
  // Candidates for a module or script path without its extension.
  std::optional<std::string> existing(const std::string& path, bool javascript);
  void follow_file(const std::string& word, bool javascript, const std::vector<std::string>& args,
                   const Step& step, const std::string& dir, const Trail& trail, const Evidence& at,
                   const ResolveHop& here);
  // `${{ inputs.x }}` / `${{ github.event.inputs.x }}` of a plain input.
  bool plain_input(const std::string& word) const;
  // `dir` relative path to the directory of `path` (what __dirname is for a
  // command run from `dir`).
  static std::string dirname_from(const std::string& dir, const std::string& path);
  void scan_javascript(const ScriptFile& script, const Step& step, const std::string& dir,
                       const Trail& trail, const Evidence& at,
                       std::map<std::string, std::set<std::string>>& seen,
                       const std::vector<std::string>* args,
                       const std::set<std::string>* options_off_by_importer);
  // `make publish`, `task release`, `just publish`: the target's commands in order.
  void follow_task(const TaskRunner& runner, const std::vector<std::string>& words,
                   const Step& step, const std::string& dir, const Trail& trail, const Evidence& at,
                   const ResolveHop& here);
  void run_task(const TaskRunner& runner, const std::string& path, const std::string& directory,
                const std::string& target, const Step& step, const Trail& trail, const Evidence& at,
                const ResolveHop& here);
  // `uses: ./.github/actions/publish`: the composite action's `run:` steps are
  // part of this step; evidence points at the `uses:` line.
  void scan_local_action(const Step& step, const std::string& name);
  // A JavaScript action of the repository (`runs.using: node20`, `main:`):
  // its entry script is read like a release script run from the workspace.
  void scan_program_action(const Step& step, const std::string& prefix, const std::string& text,
                           const Evidence& at);
  void scan_uses(const Step& step);
  // The version of the tool a release action installs and runs: its version
  // input (`semantic_version: 19`), else its default (the newest release, or
  // the one it bundles); a plugin it installs pinned (`extra_plugins:
  // @semantic-release/npm@12`) outranks both, being what publishes.
  void action_tool_pin(const ActionPattern& action, const Step& step, PublishHit& hit) const;
  // `dry_run: true` (publish-hints.yaml dry_run_inputs): an action's rehearsal.
  bool dry_run_input(const Step& step) const;

  const FileContext& m_ctx;
  const Job& m_job;
  JobFacts m_facts;
  std::vector<EnvWrite> m_env_writes;
  std::string m_shell_dir;  // where the previous step's shell ended (continues_shell)
  int m_expansions = 0;
};

}  // namespace nts::workflow::publish_scan
