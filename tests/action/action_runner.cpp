#include "tests/action/action_runner.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace nts::test {
namespace {

using Outputs = std::map<std::string, std::map<std::string, std::string>>;

struct Context {
  std::map<std::string, std::string> inputs;
  std::map<std::string, std::string> values;  // github.*, runner.*
  Outputs steps;
};

std::string lookup(const Context& context, std::string expr) {
  expr = std::regex_replace(expr, std::regex("^\\s+|\\s+$"), "");
  if (auto alternative = expr.find("||"); alternative != std::string::npos) {
    auto first = lookup(context, expr.substr(0, alternative));
    return first.empty() ? lookup(context, expr.substr(alternative + 2)) : first;
  }
  std::smatch m;
  if (std::regex_match(expr, m, std::regex("inputs\\.([A-Za-z0-9_-]+)"))) {
    auto it = context.inputs.find(m[1]);
    return it == context.inputs.end() ? "" : it->second;
  }
  if (std::regex_match(expr, m,
                       std::regex("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)"))) {
    auto step = context.steps.find(m[1]);
    if (step == context.steps.end()) {
      return "";
    }
    auto it = step->second.find(m[2]);
    return it == step->second.end() ? "" : it->second;
  }
  auto it = context.values.find(expr);
  if (it != context.values.end()) {
    return it->second;
  }
  throw std::runtime_error("action harness: unsupported expression '" + expr + "'");
}

// Replaces every ${{ expr }} in `text`.
std::string evaluate(const Context& context, const std::string& text) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    auto open = text.find("${{", at);
    if (open == std::string::npos) {
      return out + text.substr(at);
    }
    auto close = text.find("}}", open);
    out += text.substr(at, open - at) + lookup(context, text.substr(open + 3, close - open - 3));
    at = close + 2;
  }
}

// `if:` as the action uses it: `inputs.X == 'v' && always()`.
bool condition(const Context& context, std::string expr) {
  expr = std::regex_replace(expr, std::regex("^\\s*\\$\\{\\{|\\}\\}\\s*$"), "");
  bool result = true;
  std::stringstream parts(std::regex_replace(expr, std::regex("&&"), "\n"));
  std::string part;
  while (std::getline(parts, part)) {
    std::smatch m;
    if (std::regex_search(part, m, std::regex("([A-Za-z0-9_.-]+)\\s*==\\s*'([^']*)'"))) {
      result = result && lookup(context, m[1]) == m[2];
    } else if (part.find("always()") == std::string::npos) {
      throw std::runtime_error("action harness: unsupported condition '" + part + "'");
    }
  }
  return result;
}

std::map<std::string, std::string> read_outputs(const std::filesystem::path& file) {
  std::map<std::string, std::string> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    auto heredoc = line.find("<<");
    auto eq = line.find('=');
    if (heredoc != std::string::npos && (eq == std::string::npos || heredoc < eq)) {
      std::string name = line.substr(0, heredoc), delimiter = line.substr(heredoc + 2), value, body;
      while (std::getline(in, body) && body != delimiter) {
        value += (value.empty() ? "" : "\n") + body;
      }
      out[name] = value;
    } else if (eq != std::string::npos) {
      out[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return out;
}

}  // namespace

ActionResult run_action(const ActionRun& run) {
  const std::filesystem::path source =
      run.action_path.empty() ? std::filesystem::path(NTS_SOURCE_DIR) : run.action_path;
  YAML::Node action = YAML::LoadFile((source / "action.yml").string());
  TempDir runner;
  auto home = runner.path() / "home";
  auto temp = run.runner_temp.empty() ? runner.path() / "temp" : run.runner_temp;
  std::filesystem::create_directories(home);
  std::filesystem::create_directories(temp);
  auto event_path = runner.write("event.json", run.event_json.empty() ? "{}" : run.event_json);
  auto summary_path = runner.write("summary.md", "");

  Context context;
  for (const auto& input : action["inputs"]) {
    auto name = input.first.as<std::string>();
    context.inputs[name] = input.second["default"] ? input.second["default"].as<std::string>() : "";
  }
  for (const auto& [name, value] : run.inputs) {
    context.inputs[name] = value;
  }
  context.values = {{"github.action_path", source.string()},
                    {"runner.os", "Linux"},
                    {"runner.arch", "X64"},
                    {"runner.temp", temp.string()}};

  ActionResult result;
  int index = 0;
  for (const auto& step : action["runs"]["steps"]) {
    ++index;
    std::string id = step["id"] ? step["id"].as<std::string>() : "step" + std::to_string(index);
    if (step["if"] && !condition(context, step["if"].as<std::string>())) {
      continue;
    }
    result.steps_run.push_back(id);
    if (step["uses"]) {
      auto uses = step["uses"].as<std::string>();
      if (uses.rfind("actions/cache@", 0) == 0 && run.warm_cache) {
        std::string path = evaluate(context, step["with"]["path"].as<std::string>());
        if (path.rfind("~/", 0) == 0) {
          path = home.string() + path.substr(1);
        }
        std::filesystem::create_directories(path);
        std::filesystem::copy_file(binary_path(), std::filesystem::path(path) / "npm-token-scan",
                                   std::filesystem::copy_options::overwrite_existing);
      } else if (uses.rfind("github/codeql-action/upload-sarif@", 0) == 0) {
        result.uploaded_sarif.push_back(
            evaluate(context, step["with"]["sarif_file"].as<std::string>()));
      }
      continue;
    }
    std::string script = step["run"].as<std::string>();
    if (script.find("${{") != std::string::npos) {
      result.expressions_in_scripts.push_back(id);
    }
    auto output_file = runner.write("output-" + id, "");
    auto script_file = runner.write("script-" + id + ".sh", script);
    std::vector<std::string> env = {
        "HOME=" + home.string(),
        "GITHUB_ACTIONS=true",
        "CI=true",
        "GITHUB_WORKSPACE=" + run.workspace.string(),
        "GITHUB_EVENT_NAME=" + run.event_name,
        "GITHUB_EVENT_PATH=" + event_path.string(),
        "GITHUB_OUTPUT=" + output_file.string(),
        "GITHUB_STEP_SUMMARY=" + summary_path.string(),
        "RUNNER_TEMP=" + temp.string(),
    };
    env.insert(env.end(), run.env.begin(), run.env.end());
    if (step["env"]) {
      for (const auto& variable : step["env"]) {
        env.push_back(variable.first.as<std::string>() + "=" +
                      evaluate(context, variable.second.as<std::string>()));
      }
    }
    auto shell =
        run_command({"/bin/bash", "--noprofile", "--norc", "-eo", "pipefail", script_file.string()},
                    run.workspace.string(), env);
    result.annotations += shell.out;
    result.log += shell.err;
    context.steps[id] = read_outputs(output_file);
    if (shell.exit_code != 0) {
      result.exit_code = shell.exit_code;
      break;
    }
  }
  for (const auto& output : action["outputs"]) {
    result.outputs[output.first.as<std::string>()] =
        evaluate(context, output.second["value"].as<std::string>());
  }
  result.summary = read_file(summary_path);
  return result;
}

}  // namespace nts::test
