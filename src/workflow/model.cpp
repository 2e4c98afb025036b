#include "workflow/model.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "util/text.hpp"
#include "yaml/limits.hpp"
#include "yaml/mark.hpp"

namespace nts::workflow {

namespace {

using yaml::mark_of;

std::string scalar_or_empty(const YAML::Node& node) {
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

std::optional<Scalar> scalar(const YAML::Node& node) {
  if (!node || !node.IsScalar()) {
    return std::nullopt;
  }
  return Scalar{node.Scalar(), mark_of(node)};
}

// Map entries with scalar values (env:, with:, secrets:). Non-scalar values
// (a nested map under env is invalid anyway) are skipped.
std::vector<EnvVar> pairs(const YAML::Node& node) {
  std::vector<EnvVar> out;
  if (!node || !node.IsMap()) {
    return out;
  }
  for (const auto& entry : node) {
    if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
      continue;
    }
    out.push_back({Scalar{entry.first.Scalar(), mark_of(entry.first)},
                   Scalar{entry.second.Scalar(), mark_of(entry.second)}});
  }
  return out;
}

std::vector<std::pair<std::string, Scalar>> inputs(const YAML::Node& node) {
  std::vector<std::pair<std::string, Scalar>> out;
  for (auto& pair : pairs(node)) {
    out.emplace_back(pair.name.value, pair.value);
  }
  return out;
}

Permissions permissions(const YAML::Node& node) {
  Permissions p;
  if (!node) {
    return p;
  }
  p.present = true;
  p.mark = mark_of(node);
  if (node.IsScalar()) {
    p.shorthand = node.Scalar();
  } else if (node.IsMap()) {
    if (node.size() == 0) {
      p.shorthand = "{}";
    }
    for (const auto& entry : node) {
      if (entry.first.IsScalar() && entry.first.Scalar() == "id-token" && entry.second.IsScalar()) {
        p.id_token = Scalar{entry.second.Scalar(), mark_of(entry.second)};
      }
    }
  } else if (node.IsNull()) {
    p.shorthand = "{}";
  }
  return p;
}

void defaults(const YAML::Node& node, std::string& shell, std::string& directory) {
  if (node && node.IsMap() && node["run"] && node["run"].IsMap()) {
    shell = scalar_or_empty(node["run"]["shell"]);
    directory = scalar_or_empty(node["run"]["working-directory"]);
  }
}

Step step(const YAML::Node& node, std::size_t index) {
  Step s;
  s.index = index;
  s.mark = mark_of(node);
  if (!node.IsMap()) {
    return s;
  }
  s.id = scalar_or_empty(node["id"]);
  s.name = scalar_or_empty(node["name"]);
  s.uses = scalar(node["uses"]);
  s.run = scalar(node["run"]);
  s.shell = scalar_or_empty(node["shell"]);
  s.working_directory = scalar(node["working-directory"]);
  s.env = pairs(node["env"]);
  s.with = inputs(node["with"]);
  return s;
}

Job job(const std::string& id, const YAML::Node& key, const YAML::Node& node) {
  Job j;
  j.id = id;
  j.mark = mark_of(key);
  if (!node.IsMap()) {
    return j;
  }
  j.name = scalar_or_empty(node["name"]);
  j.permissions = permissions(node["permissions"]);
  if (auto runs_on = node["runs-on"]) {
    j.has_runs_on = true;
    j.runs_on_mark = mark_of(runs_on);
    if (runs_on.IsScalar()) {
      j.runs_on.push_back(*scalar(runs_on));
    } else if (runs_on.IsSequence()) {
      for (const auto& label : runs_on) {
        if (auto s = scalar(label)) {
          j.runs_on.push_back(*s);
        }
      }
    } else if (runs_on.IsMap()) {
      j.runs_on_group = true;
      if (auto group = scalar(runs_on["group"])) {
        j.runs_on.push_back(*group);
      }
      if (auto labels = runs_on["labels"]) {
        if (auto s = scalar(labels)) {
          j.runs_on.push_back(*s);
        } else if (labels.IsSequence()) {
          for (const auto& label : labels) {
            if (auto l = scalar(label)) {
              j.runs_on.push_back(*l);
            }
          }
        }
      }
    }
  }
  if (auto env = node["environment"]) {
    j.environment = env.IsMap() ? scalar(env["name"]) : scalar(env);
  }
  j.env = pairs(node["env"]);
  if (auto container = node["container"]) {
    if (container.IsScalar()) {
      j.container_image = scalar(container);
    } else if (container.IsMap()) {
      j.container_image = scalar(container["image"]);
      j.container_env = pairs(container["env"]);
    }
  }
  if (auto steps = node["steps"]; steps && steps.IsSequence()) {
    std::size_t index = 0;
    for (const auto& item : steps) {
      j.steps.push_back(step(item, index++));
    }
  }
  j.uses = scalar(node["uses"]);
  if (auto secrets = node["secrets"]) {
    j.secrets_mark = mark_of(secrets);
    j.secrets_inherit = secrets.IsScalar() && secrets.Scalar() == "inherit";
    j.secrets = pairs(secrets);
  }
  j.with = inputs(node["with"]);
  if (auto strategy = node["strategy"]; strategy && strategy.IsMap()) {
    if (auto matrix = strategy["matrix"]; matrix && matrix.IsMap()) {
      for (const auto& entry : matrix) {
        if (!entry.first.IsScalar()) {
          continue;
        }
        auto& values = j.matrix[entry.first.Scalar()];
        if (entry.second.IsSequence()) {
          for (const auto& value : entry.second) {
            if (value.IsScalar()) {
              values.push_back(value.Scalar());
            }
          }
        } else if (entry.second.IsScalar()) {
          values.push_back(entry.second.Scalar());
        }
      }
      // `include:` entries add values too (`- node: 24`).
      if (auto include = matrix["include"]; include && include.IsSequence()) {
        for (const auto& item : include) {
          if (!item.IsMap()) {
            continue;
          }
          for (const auto& entry : item) {
            if (entry.first.IsScalar() && entry.second.IsScalar()) {
              j.matrix[entry.first.Scalar()].push_back(entry.second.Scalar());
            }
          }
        }
      }
    }
  }
  defaults(node["defaults"], j.default_shell, j.default_working_directory);
  return j;
}

std::vector<Scalar> triggers(const YAML::Node& node) {
  std::vector<Scalar> out;
  if (!node) {
    return out;
  }
  if (auto s = scalar(node)) {
    out.push_back(*s);
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      if (auto t = scalar(item)) {
        out.push_back(*t);
      }
    }
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      if (auto t = scalar(entry.first)) {
        out.push_back(*t);
      }
    }
  }
  return out;
}

}  // namespace

const Scalar* Step::input(const std::string& key) const {
  for (const auto& [input_name, value] : with) {
    if (input_name == key) {
      return &value;
    }
  }
  return nullptr;
}

bool Workflow::has_trigger(const std::string& name) const {
  return std::any_of(triggers.begin(), triggers.end(),
                     [&](const Scalar& t) { return t.value == name; });
}

std::optional<std::vector<Step>> parse_composite_action(const std::string& text) {
  if (!yaml::check_limits("action.yml", text).ok()) {
    return std::nullopt;
  }
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap() || !root["runs"] || !root["runs"].IsMap()) {
      return std::nullopt;
    }
    auto runs = root["runs"];
    if (scalar_or_empty(runs["using"]) != "composite" || !runs["steps"] ||
        !runs["steps"].IsSequence()) {
      return std::nullopt;
    }
    std::vector<Step> steps;
    std::size_t index = 0;
    for (const auto& item : runs["steps"]) {
      steps.push_back(step(item, index++));
    }
    return steps;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

namespace {

// Inputs that can never be a command-line option (see Workflow::plain_inputs).
std::set<std::string> plain_inputs(const YAML::Node& on) {
  std::set<std::string> out;
  for (const char* trigger : {"workflow_dispatch", "workflow_call"}) {
    auto inputs = on[trigger] && on[trigger].IsMap() ? on[trigger]["inputs"] : YAML::Node();
    if (!inputs || !inputs.IsMap()) {
      continue;
    }
    for (const auto& entry : inputs) {
      if (!entry.first.IsScalar() || !entry.second.IsMap()) {
        continue;
      }
      auto type = entry.second["type"];
      std::string kind = type && type.IsScalar() ? type.Scalar() : "";
      bool plain = kind == "boolean" || kind == "number";
      if (auto options = entry.second["options"];
          kind == "choice" && options && options.IsSequence() && options.size() > 0) {
        plain = std::all_of(options.begin(), options.end(), [](const YAML::Node& option) {
          return option.IsScalar() && !option.Scalar().empty() && option.Scalar()[0] != '-';
        });
      }
      if (plain) {
        out.insert(entry.first.Scalar());
      }
    }
  }
  return out;
}

}  // namespace

core::Result<Workflow> parse_workflow(const std::string& path, const std::string& text) {
  auto fail = [&](int line, std::string message) {
    core::Error error;
    error.message = std::move(message);
    error.location = core::Location{path, line, 0};
    return error;
  };
  if (auto limited = yaml::check_limits(path, text); !limited) {
    return limited.error();
  }
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) {
      return fail(1, "not a GitHub Actions workflow: the document is not a mapping");
    }
    Workflow w;
    w.path = path;
    auto slash = path.rfind('/');
    w.file_name = slash == std::string::npos ? path : path.substr(slash + 1);
    // YAML 1.1 readers turn a bare `on` key into `true`; yaml-cpp keeps "on".
    w.triggers = triggers(root["on"] ? root["on"] : root["true"]);
    w.permissions = permissions(root["permissions"]);
    if (auto on = root["on"]; on && on.IsMap()) {
      w.plain_inputs = plain_inputs(on);
      if (auto call = on["workflow_call"]; call && call.IsMap()) {
        if (auto call_inputs = call["inputs"]; call_inputs && call_inputs.IsMap()) {
          for (const auto& entry : call_inputs) {
            if (entry.first.IsScalar() && entry.second.IsMap()) {
              if (auto value = scalar(entry.second["default"])) {
                w.call_input_defaults[entry.first.Scalar()] = value->value;
              }
            }
          }
        }
      }
    }
    w.env = pairs(root["env"]);
    defaults(root["defaults"], w.default_shell, w.default_working_directory);
    auto jobs = root["jobs"];
    if (!jobs || !jobs.IsMap()) {
      return fail(1, "not a GitHub Actions workflow: no 'jobs' mapping");
    }
    for (const auto& entry : jobs) {
      if (entry.first.IsScalar()) {
        w.jobs.push_back(job(entry.first.Scalar(), entry.first, entry.second));
      }
    }
    return w;
  } catch (const YAML::Exception& e) {
    return yaml::error_at(path, text, mark_of(e.mark), "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    return fail(0, std::string("cannot read workflow: ") + e.what());
  }
}

std::optional<std::string> matrix_reference(std::string_view text) {
  text = util::trim(text);
  if (text.size() < 5 || text.substr(0, 3) != "${{" || text.substr(text.size() - 2) != "}}") {
    return std::nullopt;
  }
  std::string_view inner = util::trim(text.substr(3, text.size() - 5));
  if (inner.substr(0, 7) != "matrix." || inner.size() == 7 ||
      inner.find_first_of(" .[(|&!=\'\"", 7) != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(inner.substr(7));
}

}  // namespace nts::workflow
