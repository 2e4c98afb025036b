#include "rules/rule_set.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace nts::rules {
namespace {

core::Error rule_error(const Rule& rule, const std::string& field, const std::string& message) {
  core::Error error;
  error.message = "rule '" + rule.id + "': " + field + ": " + message;
  error.location = core::Location{rule.source, 0, 0};
  return error;
}

std::vector<std::string> collect_keywords(const std::vector<Rule>& rules) {
  std::vector<std::string> keywords;
  for (const auto& rule : rules) {
    if (rule.engine != Engine::pattern) {
      continue;
    }
    for (const auto& keyword : rule.keywords) {
      auto lowered = util::to_lower(keyword);
      if (std::find(keywords.begin(), keywords.end(), lowered) == keywords.end()) {
        keywords.push_back(lowered);
      }
    }
  }
  return keywords;
}

// True when the pattern, past leading \b and group openings, begins with one
// of the rule's keywords as a plain literal (so every match starts there).
bool starts_with_keyword(const Rule& rule) {
  std::string_view rest = rule.pattern;
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view prefix : {"\\b", "(?P<secret>", "(?:", "("}) {
      if (rest.substr(0, prefix.size()) == prefix) {
        rest.remove_prefix(prefix.size());
        stripped = true;
      }
    }
  }
  for (const auto& keyword : rule.keywords) {
    bool literal = keyword.find_first_of("\\.^$|?*+()[]{}") == std::string::npos;
    if (!literal || rest.substr(0, keyword.size()) != keyword) {
      return false;
    }
  }
  return !rule.keywords.empty();
}

}  // namespace

RE2::Options pattern_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_max_mem(8 << 20);
  return options;
}

const std::vector<std::string>& known_validators() {
  static const std::vector<std::string> validators = {"npm-checksum"};
  return validators;
}

RuleSet::RuleSet(std::vector<Rule> rules, std::vector<std::string> keywords)
    : m_rules(std::move(rules)), m_keywords(keywords) {}

core::Result<RuleSet> RuleSet::compile(std::vector<Rule> rules) {
  auto keywords = collect_keywords(rules);
  if (keywords.size() > 64) {
    core::Error error;
    error.message = "too many distinct keywords across rules (" + std::to_string(keywords.size()) +
                    "); the prefilter supports 64";
    return error;
  }
  for (std::size_t i = 0; i < rules.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (rules[i].id == rules[j].id) {
        return rule_error(rules[i], "id", "defined twice (also in " + rules[j].source + ")");
      }
    }
  }
  RuleSet set(std::move(rules), keywords);
  for (std::size_t i = 0; i < set.m_rules.size(); ++i) {
    const Rule& rule = set.m_rules[i];
    if (!rule.fallback.empty() && !set.find(rule.fallback)) {
      return rule_error(rule, "fallback", "no rule with id '" + rule.fallback + "'");
    }
    if (!rule.validator.empty()) {
      const auto& known = known_validators();
      if (std::find(known.begin(), known.end(), rule.validator) == known.end()) {
        return rule_error(rule, "validator", "unknown validator '" + rule.validator + "'");
      }
    }
    if (rule.engine != Engine::pattern) {
      continue;
    }
    CompiledPattern compiled;
    compiled.rule_index = i;
    compiled.pattern = std::make_unique<RE2>(rule.pattern, pattern_options());
    if (!compiled.pattern->ok()) {
      return rule_error(rule, "pattern", "does not compile: " + compiled.pattern->error());
    }
    const auto& groups = compiled.pattern->NamedCapturingGroups();
    auto secret = groups.find("secret");
    if (secret == groups.end()) {
      return rule_error(rule, "pattern", "needs a named group (?P<secret>…) around the secret");
    }
    compiled.secret_group = secret->second;
    for (const auto& allow : rule.allow) {
      auto re = std::make_unique<RE2>(allow, pattern_options());
      if (!re->ok()) {
        return rule_error(rule, "allow", "'" + allow + "' does not compile: " + re->error());
      }
      compiled.allow.push_back(std::move(re));
    }
    compiled.starts_with_keyword = starts_with_keyword(rule);
    if (compiled.starts_with_keyword) {
      compiled.shape = token_shape(rule.pattern);
    }
    for (const auto& keyword : rule.keywords) {
      auto lowered = util::to_lower(keyword);
      auto at = std::find(keywords.begin(), keywords.end(), lowered) - keywords.begin();
      compiled.keyword_mask |= std::uint64_t{1} << at;
    }
    set.m_patterns.push_back(std::move(compiled));
  }
  return set;
}

const Rule* RuleSet::find(std::string_view id) const {
  for (const auto& rule : m_rules) {
    if (rule.id == id) {
      return &rule;
    }
  }
  return nullptr;
}

bool RuleSet::allowed(const CompiledPattern& pattern, std::string_view secret) const {
  for (const auto& re : pattern.allow) {
    if (RE2::FullMatch(secret, *re)) {
      return true;
    }
  }
  return false;
}

}  // namespace nts::rules
