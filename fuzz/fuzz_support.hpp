#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/rule_set.hpp"

namespace nts::fuzz {

// The builtin rules, loaded and compiled once per process (a fuzzer runs
// millions of inputs; loading them each time would measure the loader).
const rules::RuleSet& builtin_rules();

// Scans the bytes as a whole file named `path` with the builtin rules, exactly
// as a work-tree scan would.
void scan_as(const std::string& path, const std::uint8_t* data, std::size_t size);

}  // namespace nts::fuzz
