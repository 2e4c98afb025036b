#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace nts::rules {

// Builds errors that point into a YAML file the user wrote (a rule file, the
// repository config): "path:line:col: message", the offending line and a caret,
// through yaml::error_at (src/yaml/location.hpp, which converts yaml-cpp's marks).
class YamlErrors {
 public:
  YamlErrors(std::string_view path, std::string_view text) : m_path(path), m_text(text) {}

  core::Error at(const YAML::Mark& mark, std::string message, std::string hint = {}) const;
  core::Error at(const YAML::Node& node, std::string message, std::string hint = {}) const;

  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
  std::string_view m_text;  // the caller's; must outlive this object
};

// The document in `text`; malformed YAML is an error at its mark ("invalid YAML: …"),
// and so is YAML over the nesting or alias limits of yaml/limits.hpp.
core::Result<YAML::Node> parse_yaml(const YamlErrors& at, std::string_view text);

// The first key of `map` that is not in `known`, as "unknown key 'x' (did you mean 'y'?)".
std::optional<core::Error> unknown_key(const YamlErrors& at, const YAML::Node& map,
                                       const std::vector<std::string>& known);

// "unknown <what> 'x' (did you mean 'y'?)" when `word` is not in `known`.
std::string unknown_word(std::string_view what, const std::string& word,
                         const std::vector<std::string>& known);

core::Result<std::string> yaml_scalar(const YamlErrors& at, const YAML::Node& node,
                                      std::string_view key);
// A string or a list of strings.
core::Result<std::vector<std::string>> yaml_string_list(const YamlErrors& at,
                                                        const YAML::Node& node,
                                                        std::string_view key);

}  // namespace nts::rules
