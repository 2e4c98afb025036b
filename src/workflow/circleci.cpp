#include "workflow/circleci.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "workflow/yaml_merge.hpp"
#include "yaml/limits.hpp"
#include "yaml/mark.hpp"

namespace nts::workflow {
namespace {

using yaml::line_of;
using yaml::mark_of;
using Params = std::map<std::string, std::string>;

struct Entry {
  YAML::Node key;
  YAML::Node value;
};
using Entries = std::map<std::string, Entry>;

Entries entries(const YAML::Node& map) {
  Entries out;
  for_each_merged(map, [&](const YAML::Node& key, const YAML::Node& value) {
    out[key.Scalar()] = {key, value};
  });
  return out;
}

// The value under `key`, or an undefined node (a default-constructed
// YAML::Node is a defined null, which tests true).
YAML::Node value_of(const Entries& map, const std::string& key) {
  auto found = map.find(key);
  return found == map.end() ? YAML::Node(YAML::NodeType::Undefined) : found->second.value;
}

std::string scalar(const YAML::Node& node) {
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

// `<< parameters.x >>` and `<< pipeline.parameters.x >>` replaced by their
// values; a reference to nothing known stays as written.
std::string substitute(const std::string& text, const Params& params, const Params& pipeline) {
  if (text.find("<<") == std::string::npos) {
    return text;
  }
  static const RE2 reference(R"((<<\s*(pipeline\.parameters|parameters)\.([A-Za-z0-9_-]+)\s*>>))");
  std::string out;
  re2::StringPiece rest(text);
  re2::StringPiece whole, scope, name;
  const char* copied = text.data();
  while (RE2::FindAndConsume(&rest, reference, &whole, &scope, &name)) {
    out.append(copied, whole.data());
    const Params& table = scope == "parameters" ? params : pipeline;
    auto found = table.find(std::string(name));
    out += found == table.end() ? std::string(whole) : found->second;
    copied = whole.data() + whole.size();
  }
  out.append(copied, text.data() + text.size());
  return out;
}

// Declared parameters' defaults, overridden by the values an invocation passes.
Params parameters(const YAML::Node& declared, const YAML::Node& passed, const Params& outer,
                  const Params& pipeline) {
  Params out;
  for (const auto& [name, entry] : entries(declared)) {
    if (auto fallback = entry.value.IsMap() ? entry.value["default"] : YAML::Node();
        fallback && fallback.IsScalar()) {
      out[name] = substitute(fallback.Scalar(), outer, pipeline);
    }
  }
  for (const auto& [name, entry] : entries(passed)) {
    if (entry.value.IsScalar()) {
      out[name] = substitute(entry.value.Scalar(), outer, pipeline);
    }
  }
  return out;
}

class ConfigReader {
 public:
  ConfigReader(const std::string& path, const YAML::Node& root, const Knowledge& k,
               std::vector<core::ScanIssue>& issues)
      : m_path(path), m_root(entries(root)), m_k(k), m_issues(issues) {}

  Workflow read() {
    Workflow w;
    w.provider = Provider::circleci;
    w.path = m_path;
    w.entry_path = m_path;
    auto slash = m_path.rfind('/');
    w.file_name = slash == std::string::npos ? m_path : m_path.substr(slash + 1);
    m_commands = entries(value_of(m_root, "commands"));
    m_executors = entries(value_of(m_root, "executors"));
    m_jobs = entries(value_of(m_root, "jobs"));
    m_pipeline = parameters(value_of(m_root, "parameters"), YAML::Node(), {}, {});
    for (const auto& [alias, entry] : entries(value_of(m_root, "orbs"))) {
      // `alias: namespace/orb@version`; an inline orb (a map) is not read.
      std::string ref = scalar(entry.value);
      auto at = ref.find('@');
      m_orbs[alias] = {ref.substr(0, at), at == std::string::npos ? "" : ref.substr(at + 1)};
      if (entry.value.IsScalar() && !m_k.circleci.orb(m_orbs[alias].first)) {
        note(entry.value, "orb '" + m_orbs[alias].first +
                              "' is not in the orb table (rules/workflow/circleci.yaml) and is "
                              "never fetched: the jobs that run it list it under unresolved");
      }
    }
    auto workflows = entries(value_of(m_root, "workflows"));
    for (const auto& [workflow, entry] : workflows) {
      if (workflow == "version" || !entry.value.IsMap()) {
        continue;
      }
      auto jobs = entry.value["jobs"];
      if (!jobs || !jobs.IsSequence()) {
        continue;
      }
      for (const auto& item : jobs) {
        invoke_job(workflow, item);
      }
    }
    // Jobs no workflow runs (a 2.0 config without workflows runs `build`).
    for (const auto& [name, entry] : m_jobs) {
      if (m_built.count(name) == 0 && entry.value.IsMap()) {
        Job& j = build_job(name, name, entry, YAML::Node());
        if (!workflows.empty()) {
          j.conditions.push_back({"not run by any workflow", j.mark});
        }
      }
    }
    for (auto& [id, job] : m_built) {
      w.jobs.push_back(std::move(job));
    }
    std::sort(w.jobs.begin(), w.jobs.end(), [](const Job& x, const Job& y) {
      return std::tie(x.mark.line, x.mark.column, x.id) <
             std::tie(y.mark.line, y.mark.column, y.id);
    });
    return w;
  }

 private:
  void note(const YAML::Node& at, std::string message) {
    m_issues.push_back({core::ScanIssue::Kind::note, m_path, line_of(at), std::move(message)});
  }

  // One entry of a workflow's `jobs:`: `name` or `name: {context, filters, …}`.
  void invoke_job(const std::string& workflow, const YAML::Node& item) {
    // Never assign to a YAML::Node that holds a node: yaml-cpp would
    // overwrite the document's node instead of rebinding the handle.
    const bool with_args = item.IsMap() && item.size() > 0;
    const YAML::Node key = with_args ? YAML::Node(item.begin()->first) : item;
    const YAML::Node args =
        with_args ? YAML::Node(item.begin()->second) : YAML::Node(YAML::NodeType::Undefined);
    std::string name = scalar(key);
    if (name.empty()) {
      return;
    }
    Entries given = entries(args);
    if (scalar(value_of(given, "type")) == "approval") {
      return;  // a manual approval gate, not a job
    }
    std::string id = scalar(value_of(given, "name"));
    if (id.empty()) {
      id = name;
    }
    Job* job = nullptr;
    if (auto found = m_built.find(id); found != m_built.end()) {
      job = &found->second;
    } else if (auto defined = m_jobs.find(name); defined != m_jobs.end()) {
      job = &build_job(id, name, defined->second, args);
    } else if (name.find('/') != std::string::npos) {
      job = &orb_job(id, name, key, args);
    } else {
      note(key, "workflow '" + workflow + "' runs job '" + name + "', which is not defined");
      return;
    }
    for (const char* evidence : {"context", "filters"}) {
      auto node = value_of(given, evidence);
      if (!node) {
        continue;
      }
      YAML::Emitter emitter;
      emitter << YAML::Flow << node;
      job->conditions.push_back(
          {"workflow " + workflow + ": " + evidence + ": " + emitter.c_str(), mark_of(node)});
      if (std::string(evidence) == "context") {
        std::vector<YAML::Node> names;
        if (node.IsSequence()) {
          for (const auto& c : node) {
            names.push_back(c);
          }
        } else {
          names.push_back(node);
        }
        for (const auto& c : names) {
          if (c.IsScalar()) {
            job->contexts.push_back({c.Scalar(), mark_of(c)});
          }
        }
      }
    }
  }

  Job& build_job(const std::string& id, const std::string& name, const Entry& def,
                 const YAML::Node& args) {
    Job& j = m_built[id];
    j.id = id;
    j.name = id == name ? std::string() : name;
    j.mark = mark_of(def.key);
    Entries e = entries(def.value);
    Params params = parameters(value_of(e, "parameters"), args, {}, m_pipeline);
    if (auto executor = value_of(e, "executor")) {
      use_executor(j, executor, params);
    }
    apply_machine(j, e, params);
    std::vector<std::string> chain;
    add_steps(j, value_of(e, "steps"), params, chain);
    return j;
  }

  // An orb's job run from a workflow: one step standing for the whole job.
  Job& orb_job(const std::string& id, const std::string& name, const YAML::Node& key,
               const YAML::Node& args) {
    Job& j = m_built[id];
    j.id = id;
    j.mark = mark_of(key);
    std::vector<std::string> chain;
    invoke(j, name, key, args, {}, chain);
    return j;
  }

  // `executor: name` or `executor: {name: …, parameter: value}`.
  void use_executor(Job& j, const YAML::Node& node, const Params& outer) {
    YAML::Node args = node.IsMap() ? node : YAML::Node();
    std::string name =
        substitute(node.IsMap() ? scalar(node["name"]) : scalar(node), outer, m_pipeline);
    if (auto found = m_executors.find(name); found != m_executors.end()) {
      Entries e = entries(found->second.value);
      apply_machine(j, e, parameters(value_of(e, "parameters"), args, outer, m_pipeline));
      return;
    }
    auto slash = name.find('/');
    if (slash == std::string::npos) {
      note(node, "executor '" + name + "' is not defined");
      return;
    }
    // An orb's executor: the table knows the image of some (`tag` picks the version).
    auto orb = m_orbs.find(name.substr(0, slash));
    const auto* known = orb == m_orbs.end() ? nullptr : m_k.circleci.orb(orb->second.first);
    std::string tag = args ? substitute(scalar(args["tag"]), outer, m_pipeline) : std::string();
    if (known && !known->executor_image.empty() && !tag.empty()) {
      j.container_image = Scalar{known->executor_image + ":" + tag, mark_of(args["tag"])};
    }
  }

  // What runs the job: docker image, resource class, environment.
  void apply_machine(Job& j, const Entries& e, const Params& params) {
    if (auto docker = value_of(e, "docker"); docker && docker.IsSequence() && docker.size() > 0) {
      if (auto image = docker[0]["image"]; image && image.IsScalar()) {
        j.container_image = Scalar{substitute(image.Scalar(), params, m_pipeline), mark_of(image)};
      }
    }
    if (auto resource = value_of(e, "resource_class"); resource && resource.IsScalar()) {
      j.has_runs_on = true;
      j.runs_on = {Scalar{substitute(resource.Scalar(), params, m_pipeline), mark_of(resource)}};
      j.runs_on_mark = mark_of(resource);
    }
    for (const auto& [name, entry] : entries(value_of(e, "environment"))) {
      if (entry.value.IsScalar()) {
        j.env.push_back(
            {{name, mark_of(entry.key)},
             {substitute(entry.value.Scalar(), params, m_pipeline), mark_of(entry.value)}});
      }
    }
  }

  void add_steps(Job& j, const YAML::Node& steps, const Params& params,
                 std::vector<std::string>& chain) {
    if (!steps || !steps.IsSequence()) {
      return;
    }
    for (const auto& item : steps) {
      if (item.IsScalar()) {
        invoke(j, item.Scalar(), item, YAML::Node(), params, chain);
      } else if (item.IsMap() && item.size() > 0) {
        auto first = item.begin();
        invoke(j, scalar(first->first), first->first, first->second, params, chain);
      }
    }
  }

  // One step: `run`, a built-in step, a command of this file or an orb's.
  void invoke(Job& j, const std::string& name, const YAML::Node& at, const YAML::Node& args,
              const Params& params, std::vector<std::string>& chain) {
    if (name == "run" || name == "deploy") {
      add_run(j, args, params);
      return;
    }
    if (name == "when" || name == "unless") {
      add_steps(j, args ? args["steps"] : YAML::Node(), params, chain);
      return;
    }
    const auto& builtin = m_k.circleci.builtin_steps;
    if (std::find(builtin.begin(), builtin.end(), name) != builtin.end()) {
      Step s;
      s.index = j.steps.size();
      s.name = name;
      s.mark = mark_of(at);
      j.steps.push_back(std::move(s));
      return;
    }
    if (auto command = m_commands.find(name); command != m_commands.end()) {
      if (std::find(chain.begin(), chain.end(), name) != chain.end() ||
          static_cast<int>(chain.size()) >= m_k.circleci.max_command_depth) {
        note(at, "command '" + name + "' invokes itself or is nested more than " +
                     std::to_string(m_k.circleci.max_command_depth) + " levels; not followed");
        return;
      }
      Entries e = entries(command->second.value);
      Params inner = parameters(value_of(e, "parameters"), args, params, m_pipeline);
      chain.push_back(name);
      add_steps(j, value_of(e, "steps"), inner, chain);
      chain.pop_back();
      return;
    }
    auto slash = name.find('/');
    if (slash == std::string::npos) {
      note(at, "step '" + name +
                   "' is neither a command defined in this file nor a CircleCI step; ignored");
      return;
    }
    std::string alias = name.substr(0, slash);
    auto orb = m_orbs.find(alias);
    if (orb == m_orbs.end()) {
      note(at, "step '" + name + "': orb '" + alias + "' is not declared under orbs:");
    }
    std::string registry = orb == m_orbs.end() ? alias : orb->second.first;
    std::string version = orb == m_orbs.end() ? std::string() : orb->second.second;
    Step s;
    s.index = j.steps.size();
    s.name = name;
    s.mark = mark_of(at);
    s.uses = Scalar{std::string(k_orb_prefix) + registry + name.substr(slash) +
                        (version.empty() ? "" : "@" + version),
                    mark_of(at)};
    const auto* known = m_k.circleci.orb(registry);
    for (const auto& [input, entry] : entries(args)) {
      // The token parameter names a variable (read below), it holds no token.
      if (entry.value.IsScalar() && !(known && input == known->token_parameter)) {
        s.with.emplace_back(input, Scalar{substitute(entry.value.Scalar(), params, m_pipeline),
                                          mark_of(entry.value)});
      }
    }
    // A known publishing orb reads its npm token from an environment variable
    // the parameter names (or its default), set in the project or a context.
    if (known && !known->token_parameter.empty()) {
      auto named = value_of(entries(args), known->token_parameter);
      s.reads_env.push_back(named && named.IsScalar()
                                ? substitute(named.Scalar(), params, m_pipeline)
                                : known->token_default);
    }
    j.steps.push_back(std::move(s));
  }

  void add_run(Job& j, const YAML::Node& run, const Params& params) {
    Step s;
    s.index = j.steps.size();
    s.shell = "bash";
    Entries e = entries(run);
    const YAML::Node command = run && run.IsMap() ? value_of(e, "command") : run;
    if (run && run.IsMap()) {
      s.name = scalar(value_of(e, "name"));
      for (const auto& [name, entry] : entries(value_of(e, "environment"))) {
        if (entry.value.IsScalar()) {
          s.env.push_back(
              {{name, mark_of(entry.key)},
               {substitute(entry.value.Scalar(), params, m_pipeline), mark_of(entry.value)}});
        }
      }
      if (auto dir = value_of(e, "working_directory"); dir && dir.IsScalar()) {
        s.working_directory = Scalar{substitute(dir.Scalar(), params, m_pipeline), mark_of(dir)};
      }
    }
    if (!command || !command.IsScalar()) {
      return;
    }
    s.run = Scalar{substitute(command.Scalar(), params, m_pipeline), mark_of(command)};
    s.mark = s.run->mark;
    j.steps.push_back(std::move(s));
  }

  std::string m_path;
  Entries m_root;
  const Knowledge& m_k;
  std::vector<core::ScanIssue>& m_issues;
  Entries m_commands, m_executors, m_jobs;
  Params m_pipeline;
  std::map<std::string, std::pair<std::string, std::string>> m_orbs;  // alias -> name, version
  std::map<std::string, Job> m_built;
};

}  // namespace

std::optional<CircleciFile> read_circleci_config(const core::RepoView& repo,
                                                 const std::string& path, const Knowledge& k,
                                                 std::vector<core::ScanIssue>& issues) {
  auto error = [&](int line, std::string message) {
    issues.push_back({core::ScanIssue::Kind::error, path, line, std::move(message)});
    return std::nullopt;
  };
  std::optional<std::uint64_t> size;
  auto text = core::read_at_most(repo, path, k.circleci.max_file_bytes, &size);
  if (!text) {
    return size && *size > k.circleci.max_file_bytes
               ? error(0, "CircleCI config is larger than " +
                              std::to_string(k.circleci.max_file_bytes) + " bytes; not analysed")
               : error(0, "cannot read the CircleCI config");
  }
  if (auto limited = yaml::check_limits(path, *text); !limited) {
    return error(limited.error().location ? limited.error().location->line : 0,
                 limited.error().message);
  }
  try {
    YAML::Node root = YAML::Load(*text);
    if (!root.IsMap()) {
      return error(1, "not a CircleCI config: the document is not a mapping");
    }
    ConfigReader reader(path, root, k, issues);
    CircleciFile file{std::move(*text), reader.read()};
    return file;
  } catch (const YAML::Exception& e) {
    return error(yaml::line_number(mark_of(e.mark)), "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    return error(0, std::string("cannot read the CircleCI config: ") + e.what());
  }
}

}  // namespace nts::workflow
