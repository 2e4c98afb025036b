#include "rules/yaml_errors.hpp"

#include <algorithm>

#include "util/text.hpp"
#include "yaml/limits.hpp"
#include "yaml/mark.hpp"

namespace nts::rules {

core::Error YamlErrors::at(const YAML::Mark& mark, std::string message, std::string hint) const {
  return yaml::error_at(m_path, m_text, yaml::mark_of(mark), std::move(message), std::move(hint));
}

core::Error YamlErrors::at(const YAML::Node& node, std::string message, std::string hint) const {
  return at(node.Mark(), std::move(message), std::move(hint));
}

core::Result<YAML::Node> parse_yaml(const YamlErrors& at, std::string_view text) {
  // Depth and alias expansion are checked before yaml-cpp builds a tree.
  if (auto limited = yaml::check_limits(at.path(), text); !limited) {
    return limited.error();
  }
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return at.at(e.mark, "invalid YAML: " + e.msg);
  }
}

std::string unknown_word(std::string_view what, const std::string& word,
                         const std::vector<std::string>& known) {
  std::string message = "unknown " + std::string(what) + " '" + word + "'";
  if (auto guess = util::closest_match(word, known)) {
    message += " (did you mean '" + *guess + "'?)";
  }
  return message;
}

std::optional<core::Error> unknown_key(const YamlErrors& at, const YAML::Node& map,
                                       const std::vector<std::string>& known) {
  for (const auto& entry : map) {
    auto key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return at.at(entry.first, unknown_word("key", key, known));
    }
  }
  return std::nullopt;
}

core::Result<std::string> yaml_scalar(const YamlErrors& at, const YAML::Node& node,
                                      std::string_view key) {
  if (!node.IsScalar()) {
    return at.at(node, "'" + std::string(key) + "' must be a string");
  }
  return node.Scalar();
}

core::Result<std::vector<std::string>> yaml_string_list(const YamlErrors& at,
                                                        const YAML::Node& node,
                                                        std::string_view key) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) {
    return at.at(node, "'" + std::string(key) + "' must be a list of strings");
  }
  for (const auto& item : node) {
    auto value = yaml_scalar(at, item, key);
    if (!value) {
      return value.error();
    }
    out.push_back(*value);
  }
  return out;
}

}  // namespace nts::rules
