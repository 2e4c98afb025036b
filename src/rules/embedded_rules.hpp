#pragma once

#include <string_view>
#include <vector>

namespace nts::rules {

// A data file from the repository's rules/ folder, compiled into the binary.
struct EmbeddedRuleFile {
  std::string_view path;  // "rules/npm-access-token.yaml", "rules/workflow/tools.yaml"
  std::string_view text;
};

// Generated at build time by cmake/GenerateEmbeddedRules.cmake, sorted by path.
const std::vector<EmbeddedRuleFile>& embedded_rule_files();

}  // namespace nts::rules
