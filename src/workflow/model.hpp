#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/provider.hpp"
#include "workflow/locate.hpp"

namespace nts::workflow {

// A scalar from the workflow with where its node starts.
struct Scalar {
  std::string value;
  Mark mark;
};

struct EnvVar {
  Scalar name;
  Scalar value;
};

struct Permissions {
  bool present = false;
  std::string shorthand;           // "read-all", "write-all", "{}" (an empty map), "" for a map
  std::optional<Scalar> id_token;  // the id-token entry of a map
  Mark mark;
};

struct Step {
  std::size_t index = 0;
  Mark mark;
  std::string id;
  std::string name;
  std::optional<Scalar> uses;
  std::optional<Scalar> run;
  std::string shell;
  std::optional<Scalar> working_directory;
  std::vector<EnvVar> env;
  std::vector<std::pair<std::string, Scalar>> with;
  // CircleCI: environment variables an orb step reads by name (a parameter
  // of type env_var_name), which the file never sets.
  std::vector<std::string> reads_env;
  // GitLab: before_script and script lines run in one shell (after_script in
  // another), so a `cd` in one line still holds in the next.
  bool continues_shell = false;

  const Scalar* input(const std::string& key) const;
};

struct Job {
  std::string id;
  Mark mark;  // of the job's key
  std::string name;
  Permissions permissions;
  std::vector<Scalar> runs_on;  // labels; an expression or group stays one entry
  bool runs_on_group = false;
  Mark runs_on_mark;
  bool has_runs_on = false;
  std::optional<Scalar> environment;
  std::vector<EnvVar> env;
  std::optional<Scalar> container_image;
  std::vector<EnvVar> container_env;
  std::vector<Step> steps;
  std::optional<Scalar> uses;  // a reusable workflow call
  bool secrets_inherit = false;
  Mark secrets_mark;
  std::vector<EnvVar> secrets;  // passed to a reusable workflow
  std::vector<std::pair<std::string, Scalar>> with;
  std::map<std::string, std::vector<std::string>> matrix;
  std::string default_shell;
  std::string default_working_directory;
  // GitLab: `rules:`/`only:`/`except:` as written, evidence of when the job runs.
  std::vector<Scalar> conditions;
  // CircleCI: the contexts the workflows give the job (`context:`).
  std::vector<Scalar> contexts;
};

// Which CI system runs a file's jobs (the `provider` of a report entry).
using core::Provider;

struct Workflow {
  Provider provider = Provider::github;
  // GitLab: the top-level CI file of the pipeline this file's jobs run in
  // (npm's trusted publisher names it); for GitHub the file itself.
  std::string entry_path;
  std::string path;
  std::string file_name;
  std::vector<Scalar> triggers;
  Permissions permissions;
  std::vector<EnvVar> env;
  std::string default_shell;
  std::string default_working_directory;
  std::vector<Job> jobs;
  // on.workflow_call.inputs.<name>.default, or the value every local caller passes
  std::map<std::string, std::string> call_input_defaults;
  // workflow_dispatch / workflow_call inputs whose every value is a plain word
  // that cannot be a command-line option: `type: boolean` or `number`, or a
  // `choice` none of whose options starts with '-'.
  std::set<std::string> plain_inputs;

  bool has_trigger(const std::string& name) const;
};

// The steps of a local composite action (action.yml with runs.using:
// composite); nullopt for other actions or text that does not parse.
std::optional<std::vector<Step>> parse_composite_action(const std::string& text);

// Parses one workflow. yaml-cpp exceptions (syntax errors, too deep nesting)
// never escape: they come back as an Error with the 1-based line. A document
// that parses but is not a workflow (no `jobs` map) is an Error too.
core::Result<Workflow> parse_workflow(const std::string& path, const std::string& text);

// KEY when `text` is one `${{ matrix.KEY }}` expression and nothing else (a
// runner label or a value the analysis can expand over the job's matrix).
std::optional<std::string> matrix_reference(std::string_view text);

}  // namespace nts::workflow
