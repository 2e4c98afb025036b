#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/repo_view.hpp"
#include "rules/rule_set.hpp"

namespace nts::fuzz {

// The builtin rules, loaded and compiled once per process (a fuzzer runs
// millions of inputs; loading them each time would measure the loader).
const rules::RuleSet& builtin_rules();

// Scans the bytes as a whole file named `path` with the builtin rules, exactly
// as a work-tree scan would.
void scan_as(const std::string& path, const std::uint8_t* data, std::size_t size);

// A repository in memory from one input split at lines "---8<---": the parts
// become `paths` in order (missing parts are absent files); the remote is
// github.com/acme/widgets, so the analyses see an owner and a repository.
core::MemoryRepoView split_repository(std::string_view input,
                                      const std::vector<const char*>& paths);

}  // namespace nts::fuzz
