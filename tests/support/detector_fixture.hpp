#pragma once

#include <string>
#include <vector>

#include "core/finding.hpp"
#include "detect/detector.hpp"
#include "rules/rule_set.hpp"

namespace nts::test {

// The builtin rules and a detector over them, compiled once per test binary.
const detect::Detector& builtin_detector();
const rules::RuleSet& builtin_rules();

// Scans `text` as a whole file named `path` with the builtin rules.
std::vector<core::Finding> detect_in(const std::string& path, const std::string& text);

}  // namespace nts::test
