#pragma once

#include <string>
#include <vector>

#include "rules/rule.hpp"

namespace nts::rules {

// C++ source that defines `builtin_rules()` returning `rules` as they are:
// the build turns rules/*.yaml into code with this, so a scan starts without
// parsing YAML (half of the pre-commit hook's start-up went to yaml-cpp).
std::string rules_as_cpp(const std::vector<Rule>& rules);

}  // namespace nts::rules
