#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "rules/rule.hpp"

namespace nts::rules {

// Parses one rule file. Errors name the file, line and column of the problem
// ("rules/x.yaml:6:10: unknown key 'pattrn' (did you mean 'pattern'?)").
core::Result<Rule> load_rule(std::string_view path, std::string_view text);

// Parses the rule files embedded in the binary (rules/*.yaml, not the
// subfolders). The build runs it once (tools/compile_rules.cpp); scans use
// the result, builtin_rules() in rules/builtin_rules.hpp.
core::Result<std::vector<Rule>> parse_builtin_rules();

// A rule file's name (as messages show it) and text.
struct RuleFileText {
  std::string name;
  std::string text;
};

// The *.yaml and *.yml files directly in `dir`, sorted by name, not parsed.
core::Result<std::vector<RuleFileText>> read_rule_dir(std::string_view dir);

// Parses rule files read elsewhere (a directory, or a commit's tree).
core::Result<std::vector<Rule>> load_rule_files(const std::vector<RuleFileText>& files);

// Every *.yaml file directly in `dir`, sorted by name.
core::Result<std::vector<Rule>> load_rule_dir(std::string_view dir);

// Rule files from the scanned repository may add rules but never replace a
// leak rule (`leak: true`): that would let the repository hide its own
// credential. An Error naming the file and the rule when `extra` tries.
core::Status refuse_leak_overrides(const std::vector<Rule>& base, const std::vector<Rule>& extra);

// `extra` rules replace builtin rules with the same id and add the others.
std::vector<Rule> merge_rules(std::vector<Rule> base, std::vector<Rule> extra);

}  // namespace nts::rules
