#include "rules/rule_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "rules/embedded_rules.hpp"
#include "rules/yaml_errors.hpp"
#include "util/enum_table.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/mark.hpp"

namespace nts::rules {
namespace {

const std::vector<std::string> k_keys = {
    "id",    "title",    "description", "severity",   "confidence",  "engine",
    "files", "keywords", "pattern",     "validator",  "min_entropy", "fallback",
    "allow", "message",  "help",        "references", "examples",    "leak"};

constexpr util::EnumTable<Engine, 4> k_engines{{{
    {Engine::pattern, "pattern"},
    {Engine::builtin, "builtin"},
    {Engine::workflow, "workflow"},
    {Engine::derived, "derived"},
}}};

const std::vector<std::string> k_file_kinds = {"npmrc",    "yarnrc",   "yarnrc-yml", "package-json",
                                               "lockfile", "workflow", "text"};

core::Result<std::vector<Example>> examples(const YamlErrors& at, const YAML::Node& node,
                                            std::string_view key) {
  std::vector<Example> out;
  if (!node.IsSequence()) {
    return at.at(node, "'examples." + std::string(key) + "' must be a list");
  }
  for (const auto& item : node) {
    Example example;
    example.line = yaml::line_of(item);
    example.path = "example.txt";
    if (item.IsScalar()) {
      example.text = item.Scalar();
    } else if (item.IsMap() && item["text"]) {
      example.text = item["text"].as<std::string>();
      if (item["path"]) {
        example.path = item["path"].as<std::string>();
      }
    } else {
      return at.at(item, "an example is a string or a map with 'text' and optional 'path'");
    }
    out.push_back(std::move(example));
  }
  return out;
}

core::Result<Rule> parse(const YamlErrors& at, const YAML::Node& root, std::string_view path) {
  if (!root.IsMap()) {
    return at.at(root, "a rule file must be a YAML mapping");
  }
  Rule rule;
  rule.source = std::string(path);
  if (auto unknown = unknown_key(at, root, k_keys)) {
    return *unknown;
  }
  auto required = [&](const char* key) -> core::Result<std::string> {
    if (!root[key]) {
      return at.at(root, std::string("missing required key '") + key + "'");
    }
    return yaml_scalar(at, root[key], key);
  };
#define NTS_TRY_ASSIGN(target, expr) \
  do {                               \
    auto result_ = (expr);           \
    if (!result_) {                  \
      return result_.error();        \
    }                                \
    target = std::move(*result_);    \
  } while (false)

  NTS_TRY_ASSIGN(rule.id, required("id"));
  NTS_TRY_ASSIGN(rule.title, required("title"));
  NTS_TRY_ASSIGN(rule.message, required("message"));
  NTS_TRY_ASSIGN(rule.help, required("help"));
  std::string severity, confidence, engine = "pattern";
  NTS_TRY_ASSIGN(severity, required("severity"));
  NTS_TRY_ASSIGN(confidence, required("confidence"));
  if (auto parsed = core::parse_severity(severity)) {
    rule.severity = *parsed;
  } else {
    return at.at(root["severity"],
                 "severity must be " + core::severity_choices() + ", not '" + severity + "'");
  }
  if (auto parsed = core::parse_confidence(confidence)) {
    rule.confidence = *parsed;
  } else {
    return at.at(root["confidence"],
                 "confidence must be " + core::confidence_choices() + ", not '" + confidence + "'");
  }
  if (root["engine"]) {
    NTS_TRY_ASSIGN(engine, yaml_scalar(at, root["engine"], "engine"));
  }
  if (auto parsed = k_engines.parse(engine)) {
    rule.engine = *parsed;
  } else {
    return at.at(root["engine"],
                 "engine must be " + k_engines.choices() + ", not '" + engine + "'");
  }
  if (root["description"]) {
    NTS_TRY_ASSIGN(rule.description, yaml_scalar(at, root["description"], "description"));
  }
  if (root["files"]) {
    NTS_TRY_ASSIGN(rule.files, yaml_string_list(at, root["files"], "files"));
    for (const auto& kind : rule.files) {
      if (std::find(k_file_kinds.begin(), k_file_kinds.end(), kind) == k_file_kinds.end()) {
        return at.at(root["files"], unknown_word("file kind", kind, k_file_kinds));
      }
    }
  }
  if (root["keywords"]) {
    NTS_TRY_ASSIGN(rule.keywords, yaml_string_list(at, root["keywords"], "keywords"));
  }
  if (root["pattern"]) {
    NTS_TRY_ASSIGN(rule.pattern, yaml_scalar(at, root["pattern"], "pattern"));
  }
  if (root["validator"]) {
    NTS_TRY_ASSIGN(rule.validator, yaml_scalar(at, root["validator"], "validator"));
  }
  if (root["fallback"]) {
    NTS_TRY_ASSIGN(rule.fallback, yaml_scalar(at, root["fallback"], "fallback"));
  }
  if (root["min_entropy"]) {
    try {
      rule.min_entropy = root["min_entropy"].as<double>();
    } catch (const YAML::Exception&) {
      return at.at(root["min_entropy"], "min_entropy must be a number");
    }
  }
  if (root["leak"]) {
    try {
      rule.leak = root["leak"].as<bool>();
    } catch (const YAML::Exception&) {
      return at.at(root["leak"], "leak must be true or false");
    }
  }
  if (root["allow"]) {
    NTS_TRY_ASSIGN(rule.allow, yaml_string_list(at, root["allow"], "allow"));
  }
  if (root["references"]) {
    NTS_TRY_ASSIGN(rule.references, yaml_string_list(at, root["references"], "references"));
  }
  if (rule.engine == Engine::pattern && rule.pattern.empty()) {
    return at.at(root, "a pattern rule needs a 'pattern'");
  }
  if (rule.engine != Engine::pattern && !rule.pattern.empty()) {
    return at.at(root["pattern"], "'pattern' is only used by rules with engine: pattern");
  }
  auto ex = root["examples"];
  if (!ex || !ex.IsMap() || !ex["match"]) {
    return at.at(ex ? ex : root,
                 "every rule needs 'examples' with 'match' (and usually 'no_match')");
  }
  NTS_TRY_ASSIGN(rule.match_examples, examples(at, ex["match"], "match"));
  if (!ex["no_match"]) {
    return at.at(ex, "'examples' needs 'no_match' too: show what the rule must not report");
  }
  NTS_TRY_ASSIGN(rule.no_match_examples, examples(at, ex["no_match"], "no_match"));
  if (rule.match_examples.empty()) {
    return at.at(ex["match"], "'examples.match' needs at least one example");
  }
#undef NTS_TRY_ASSIGN

  auto stem = std::filesystem::path(std::string(path)).stem().string();
  if (stem != rule.id) {
    return at.at(root["id"], "rule id '" + rule.id + "' must equal the file name '" + stem + "'");
  }
  return rule;
}

}  // namespace

std::string_view to_string(Engine engine) {
  return k_engines.name(engine);
}

core::Result<Rule> load_rule(std::string_view path, std::string_view text) {
  YamlErrors at(path, text);
  auto root = parse_yaml(at, text);
  if (!root) {
    return root.error();
  }
  try {
    return parse(at, *root, path);
  } catch (const YAML::Exception& e) {
    return at.at(e.mark, "invalid YAML: " + e.msg);
  }
}

core::Result<std::vector<Rule>> parse_builtin_rules() {
  std::vector<Rule> out;
  for (const auto& file : embedded_rule_files()) {
    auto name = file.path.substr(file.path.find('/') + 1);
    if (name.find('/') != std::string_view::npos) {
      continue;  // subfolders hold other data (workflow knowledge), not rules
    }
    auto rule = load_rule(file.path, file.text);
    if (!rule) {
      return rule.error();
    }
    out.push_back(std::move(*rule));
  }
  return out;
}

core::Result<std::vector<RuleFileText>> read_rule_dir(std::string_view dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(std::string(dir), ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml" || it->path().extension() == ".yml") {
      files.push_back(it->path());
    }
  }
  if (ec) {
    core::Error error;
    error.message = "cannot read rule directory: " + ec.message();
    error.location = core::Location{std::string(dir), 0, 0};
    return error;
  }
  std::sort(files.begin(), files.end());
  std::vector<RuleFileText> out;
  for (const auto& file : files) {
    std::error_code read_error;
    auto text = util::read_file(file.string(), read_error);
    if (!text) {
      core::Error error;
      error.message = "cannot read rule file";
      error.location = core::Location{file.string(), 0, 0};
      return error;
    }
    out.push_back({file.string(), std::move(*text)});
  }
  return out;
}

core::Result<std::vector<Rule>> load_rule_files(const std::vector<RuleFileText>& files) {
  std::vector<Rule> out;
  for (const auto& file : files) {
    auto rule = load_rule(file.name, file.text);
    if (!rule) {
      return rule.error();
    }
    rule->builtin_file = false;
    out.push_back(std::move(*rule));
  }
  return out;
}

core::Result<std::vector<Rule>> load_rule_dir(std::string_view dir) {
  auto files = read_rule_dir(dir);
  if (!files) {
    return files.error();
  }
  return load_rule_files(*files);
}

core::Status refuse_leak_overrides(const std::vector<Rule>& base, const std::vector<Rule>& extra) {
  for (const Rule& rule : extra) {
    auto same =
        std::find_if(base.begin(), base.end(), [&](const Rule& r) { return r.id == rule.id; });
    if (same != base.end() && same->leak) {
      core::Error error;
      error.message = "rule '" + rule.id +
                      "' would replace a leak rule, and this rule file comes from the scanned "
                      "repository: it may add rules, never replace one that reports a credential";
      error.location = core::Location{rule.source, 0, 0};
      error.hint =
          "give the rule an id of its own, or keep the rules directory outside the "
          "repository";
      return error;
    }
  }
  return core::ok_status();
}

std::vector<Rule> merge_rules(std::vector<Rule> base, std::vector<Rule> extra) {
  for (auto& rule : extra) {
    auto same =
        std::find_if(base.begin(), base.end(), [&](const Rule& r) { return r.id == rule.id; });
    if (same != base.end()) {
      *same = std::move(rule);
    } else {
      base.push_back(std::move(rule));
    }
  }
  return base;
}

}  // namespace nts::rules
