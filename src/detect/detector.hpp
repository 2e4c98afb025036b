#pragma once

#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/finding.hpp"
#include "parse/file_kind.hpp"
#include "rules/rule_set.hpp"

namespace nts::detect {

// The bytes to scan: a whole file, or one chunk of a large one. Chunks start at
// a line boundary (or carry `base_column` when a single line is split).
struct ScanInput {
  std::string_view path;
  parse::FileKind kind = parse::FileKind::text;
  std::string_view text;
  std::size_t base_offset = 0;  // of text[0] in the file
  int base_line = 1;            // line of text[0]
  int base_column = 0;          // code points before text[0] on its line
  bool whole_file = true;       // structural checks run on whole files only
};

// Runs the prefilter, the pattern rules and the structural checks over one
// input. Immutable after construction and safe to share between threads.
class Detector {
 public:
  // Fails when a rule says engine: builtin but no check reports that rule.
  static core::Result<Detector> create(const rules::RuleSet& rules);

  std::vector<core::Finding> scan(const ScanInput& input) const;

  // `text` with every secret a pattern rule finds in it replaced by its
  // redacted form: for evidence that other analyses quote (a workflow line,
  // a message), so that no report ever carries a whole secret.
  std::string mask_secrets(std::string_view text) const;

  const rules::RuleSet& rules() const { return *m_rules; }

 private:
  explicit Detector(const rules::RuleSet& rules) : m_rules(&rules) {}
  const rules::RuleSet* m_rules;
};

}  // namespace nts::detect
