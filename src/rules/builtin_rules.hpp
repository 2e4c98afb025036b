#pragma once

#include <vector>

#include "rules/rule.hpp"

namespace nts::rules {

// The rules of rules/*.yaml (not the subfolders), parsed and checked when the
// binary was built: a rule file with an error fails the build, and a scan
// starts without parsing YAML. The definition is generated (see rule_code.hpp).
std::vector<Rule> builtin_rules();

}  // namespace nts::rules
