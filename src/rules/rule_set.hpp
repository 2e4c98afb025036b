#pragma once

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "rules/rule.hpp"
#include "rules/token_shape.hpp"
#include "util/keyword_scanner.hpp"

namespace nts::rules {

// A pattern rule ready to run: its RE2 objects are compiled once and shared
// read-only by every scanning thread (RE2 is thread-safe for matching).
struct CompiledPattern {
  std::size_t rule_index = 0;
  std::unique_ptr<RE2> pattern;
  int secret_group = 0;  // 1-based capture index of (?P<secret>…)
  std::vector<std::unique_ptr<RE2>> allow;
  std::uint64_t keyword_mask = 0;  // which prefilter keywords enable it; 0 = always run
  // Every match starts with one of the rule's keywords (the pattern begins with
  // it): the detector then tries the pattern only at keyword hits, anchored.
  bool starts_with_keyword = false;
  // Set when the pattern is a literal and a run of word characters (see
  // token_shape.hpp): keyword hits are then checked without RE2.
  std::optional<TokenShape> shape;
};

class RuleSet {
 public:
  // Validates and compiles. Errors name the rule file and the field.
  static core::Result<RuleSet> compile(std::vector<Rule> rules);

  const std::vector<Rule>& rules() const { return m_rules; }
  const Rule* find(std::string_view id) const;
  const std::vector<CompiledPattern>& patterns() const { return m_patterns; }

  // Which prefilter keywords occur in `text` (bit per keyword, see keyword_mask).
  // With `hits`, also where each occurs (the detector runs RE2 only near them).
  std::uint64_t keywords_in(std::string_view text,
                            std::vector<util::KeywordHit>* hits = nullptr) const {
    return m_keywords.scan(text, hits);
  }

  // True when `secret` matches one of the rule's allow patterns (a placeholder).
  bool allowed(const CompiledPattern& pattern, std::string_view secret) const;

 private:
  RuleSet(std::vector<Rule> rules, std::vector<std::string> keywords);

  std::vector<Rule> m_rules;
  std::vector<CompiledPattern> m_patterns;
  util::KeywordScanner m_keywords;
};

// Options every compiled pattern uses: Latin-1 so that invalid UTF-8 in a
// scanned file can neither abort nor hide a match, quiet so RE2 does not log.
RE2::Options pattern_options();

// The validators a rule may name in `validator:`.
const std::vector<std::string>& known_validators();

}  // namespace nts::rules
