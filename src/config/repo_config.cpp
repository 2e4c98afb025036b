#include "config/repo_config.hpp"

#include <algorithm>
#include <tuple>

#include "config/move_out.hpp"
#include "rules/yaml_errors.hpp"
#include "util/glob.hpp"

namespace nts::config {
namespace {

const std::vector<std::string> k_keys = {"version", "ignore", "disable-rules", "gitlab-ci-file",
                                         "circleci-config"};
const std::vector<std::string> k_ignore_keys = {"paths", "rules", "reason"};

// A string from the file with the place it sits, for errors about that item.
struct Item {
  std::string value;
  YAML::Node node;
};

// A string or a list of strings, each with its node.
core::Result<std::vector<Item>> items(const rules::YamlErrors& at, const YAML::Node& node,
                                      std::string_view key) {
  std::vector<Item> out;
  if (node.IsScalar()) {
    out.push_back({node.Scalar(), node});
    return out;
  }
  if (!node.IsSequence()) {
    return at.at(node, "'" + std::string(key) + "' must be a list of strings");
  }
  for (const auto& item : node) {
    auto value = rules::yaml_scalar(at, item, key);
    if (!value) {
      return value.error();
    }
    out.push_back({*value, item});
  }
  return out;
}

// Checks rule ids against the loaded rules; returns them, or the first unknown one.
class RuleIds {
 public:
  explicit RuleIds(const std::vector<rules::Rule>& rules) {
    for (const auto& rule : rules) {
      m_ids.push_back(rule.id);
      if (rule.leak) {
        m_leaks.push_back(rule.id);
      }
    }
  }

  core::Result<std::vector<std::string>> check(const rules::YamlErrors& at,
                                               const std::vector<Item>& listed) const {
    std::vector<std::string> out;
    for (const auto& item : listed) {
      if (std::find(m_ids.begin(), m_ids.end(), item.value) == m_ids.end()) {
        return at.at(item.node, rules::unknown_word("rule", item.value, m_ids),
                     "`npm-token-scan rules list` shows every rule id");
      }
      out.push_back(item.value);
    }
    return out;
  }

  bool is_leak(const std::string& id) const {
    return std::find(m_leaks.begin(), m_leaks.end(), id) != m_leaks.end();
  }

 private:
  std::vector<std::string> m_ids;
  std::vector<std::string> m_leaks;
};

// What to do instead, for a reviewed false positive of a leak rule.
std::string leak_hint(const std::string& rule) {
  return "to accept a reviewed false positive, list its paths in the ignore entry, or use "
         "--baseline FILE or an inline `npm-token-scan: ignore[" +
         rule + "]` comment";
}

core::Error leak_refused(const rules::YamlErrors& at, const YAML::Node& node,
                         const std::string& rule) {
  return at.at(node, "'" + rule + "' is a leak rule; a repository config may not switch it off",
               leak_hint(rule));
}

// How to narrow an ignore entry so that it may cover a leak rule.
constexpr const char* k_narrow_hint =
    "start the glob with the directory it is for, written out in full: 'test/fixtures/**', "
    "'docs/example.npmrc' (see docs/configuration.md, \"Leak rules\")";

// An ignore entry may drop a leak rule only in the places it names: every path
// glob must name a directory written out in full. One that covers every file,
// or selects files by name or extension alone (`*.*`, `*a*`, `**/.npmrc`),
// would switch the rule off wherever such files are.
std::optional<core::Error> check_leak_scope(const rules::YamlErrors& at, const YAML::Node& entry,
                                            const std::vector<Item>& paths,
                                            const std::vector<Item>& rule_items,
                                            const RuleIds& ids) {
  const Item* leak_rule = nullptr;
  for (const auto& rule : rule_items) {
    if (ids.is_leak(rule.value)) {
      leak_rule = &rule;
      break;
    }
  }
  if (!rule_items.empty() && leak_rule == nullptr) {
    return std::nullopt;  // only rules that are not leak rules: any paths will do
  }
  const Item* unnamed = nullptr;
  for (const auto& path : paths) {
    if (!util::glob_names_a_directory(path.value)) {
      unnamed = &path;
      break;
    }
  }
  if (leak_rule != nullptr && paths.empty()) {
    return leak_refused(at, leak_rule->node, leak_rule->value);
  }
  if (rule_items.empty() && paths.empty()) {
    return at.at(entry,
                 "an ignore entry without 'paths' covers every file and lists no 'rules', so it "
                 "would switch off the leak rules; a repository config may not",
                 "name the rules it is for in 'rules', or name the paths in 'paths'");
  }
  if (unnamed == nullptr) {
    return std::nullopt;
  }
  std::string what =
      "'" + unnamed->value + "' names no directory, so it matches files anywhere in the repository";
  if (leak_rule != nullptr) {
    return at.at(unnamed->node,
                 what + " and this entry would switch off the leak rule '" + leak_rule->value +
                     "' in them; a repository config may not",
                 std::string(k_narrow_hint) + "; " + leak_hint(leak_rule->value));
  }
  return at.at(unnamed->node,
               what +
                   ", and the entry lists no 'rules', so it would switch off the leak rules "
                   "in them; a repository config may not",
               std::string("name the rules it is for in 'rules', or ") + k_narrow_hint);
}

core::Result<Ignore> parse_ignore(const rules::YamlErrors& at, const YAML::Node& entry,
                                  const RuleIds& ids) {
  if (!entry.IsMap()) {
    return at.at(entry, "an ignore entry is a mapping with 'paths', 'rules' and 'reason'");
  }
  if (auto unknown = rules::unknown_key(at, entry, k_ignore_keys)) {
    return *unknown;
  }
  Ignore ignore;
  std::vector<Item> paths, rule_items;
  if (entry["paths"]) {
    auto listed = items(at, entry["paths"], "paths");
    if (!listed) {
      return listed.error();
    }
    paths = std::move(*listed);
    for (const auto& path : paths) {
      if (path.value.empty()) {
        return at.at(path.node, "an empty path glob matches nothing");
      }
      ignore.paths.push_back(path.value);
    }
  }
  if (entry["rules"]) {
    auto listed = items(at, entry["rules"], "rules");
    if (!listed) {
      return listed.error();
    }
    rule_items = std::move(*listed);
    auto checked = ids.check(at, rule_items);
    if (!checked) {
      return checked.error();
    }
    ignore.rules = std::move(*checked);
  }
  if (!entry["reason"]) {
    return at.at(entry, "an ignore entry needs a 'reason': say why these findings are no problem");
  }
  auto reason = rules::yaml_scalar(at, entry["reason"], "reason");
  if (!reason) {
    return reason.error();
  }
  ignore.reason = *reason;
  if (auto refused = check_leak_scope(at, entry, paths, rule_items, ids)) {
    return *refused;
  }
  return ignore;
}

core::Result<RepoConfig> parse(const rules::YamlErrors& at, const YAML::Node& root,
                               const RuleIds& ids) {
  RepoConfig config;
  if (root.IsNull()) {
    return config;  // an empty file: nothing configured
  }
  if (!root.IsMap()) {
    return at.at(root, "a repository config must be a YAML mapping (see docs/configuration.md)");
  }
  if (auto unknown = rules::unknown_key(at, root, k_keys)) {
    return *unknown;
  }
  if (root["version"]) {
    auto version = rules::yaml_scalar(at, root["version"], "version");
    if (!version) {
      return version.error();
    }
    if (*version != "1") {
      return at.at(root["version"],
                   "unsupported config version '" + *version + "' (this npm-token-scan reads 1)");
    }
  }
  if (auto disable = root["disable-rules"]) {
    auto listed = items(at, disable, "disable-rules");
    if (!listed) {
      return listed.error();
    }
    auto checked = ids.check(at, *listed);
    if (!checked) {
      return checked.error();
    }
    for (const auto& item : *listed) {
      if (ids.is_leak(item.value)) {
        return leak_refused(at, item.node, item.value);
      }
    }
    config.disabled_rules = std::move(*checked);
  }
  // Where the repository keeps its CI files when not at the default place
  // (a GitLab project's CI/CD configuration file setting): what the
  // --gitlab-ci-file and --circleci-config flags say for one scan.
  for (auto [key, into, example] :
       {std::tuple{"gitlab-ci-file", &config.gitlab_ci_file, ".gitlab-ci.yml"},
        std::tuple{"circleci-config", &config.circleci_config, ".circleci/config.yml"}}) {
    if (auto node = root[key]) {
      auto value = rules::yaml_scalar(at, node, key);
      if (!value) {
        return value.error();
      }
      auto relative = util::normalize_relative_path(*value);
      if (!relative || relative->empty()) {
        return at.at(node, "'" + std::string(key) + "' must be a path inside the repository (" +
                               example + ")");
      }
      *into = *relative;
    }
  }
  if (auto ignore = root["ignore"]) {
    if (!ignore.IsSequence()) {
      return at.at(ignore, "'ignore' must be a list of entries with 'paths', 'rules' and 'reason'");
    }
    for (const auto& entry : ignore) {
      auto parsed = parse_ignore(at, entry, ids);
      if (!parsed) {
        return parsed.error();
      }
      config.ignores.push_back(std::move(*parsed));
    }
  }
  return config;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool ignored(const Ignore& ignore, const core::Finding& finding, const std::string& path) {
  if (!ignore.rules.empty() && !contains(ignore.rules, finding.rule_id)) {
    return false;
  }
  if (ignore.paths.empty()) {
    return true;
  }
  return std::any_of(ignore.paths.begin(), ignore.paths.end(),
                     [&](const std::string& glob) { return util::glob_match(glob, path); });
}

}  // namespace

core::Result<RepoConfig> parse_repo_config(std::string_view source, std::string_view text,
                                           const std::vector<rules::Rule>& rules) {
  rules::YamlErrors at(source, text);
  auto root = rules::parse_yaml(at, text);
  if (!root) {
    return root.error();
  }
  RuleIds ids(rules);
  try {
    auto config = parse(at, *root, ids);
    if (config) {
      config->source = std::string(source);
    }
    return config;
  } catch (const YAML::Exception& e) {
    return at.at(e.mark, "invalid YAML: " + e.msg);
  }
}

std::size_t apply_repo_config(const RepoConfig& config, std::vector<core::Finding>& findings,
                              std::vector<core::Finding>* left_out) {
  return move_out(findings, left_out, [&](const core::Finding& finding) {
    if (contains(config.disabled_rules, finding.rule_id)) {
      return true;
    }
    auto path = config.path_prefix + finding.location.path;
    return std::any_of(config.ignores.begin(), config.ignores.end(),
                       [&](const Ignore& ignore) { return ignored(ignore, finding, path); });
  });
}

std::string ignored_note(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " finding" : " findings") +
         " left out: ignored by this repository config";
}

}  // namespace nts::config
