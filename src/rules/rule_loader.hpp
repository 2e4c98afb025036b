#pragma once

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

// Every *.yaml file directly in `dir`, sorted by name.
core::Result<std::vector<Rule>> load_rule_dir(std::string_view dir);

// `extra` rules replace builtin rules with the same id and add the others.
std::vector<Rule> merge_rules(std::vector<Rule> base, std::vector<Rule> extra);

}  // namespace nts::rules
