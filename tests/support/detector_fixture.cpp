#include "tests/support/detector_fixture.hpp"

#include <stdexcept>

#include "parse/file_kind.hpp"
#include "rules/builtin_rules.hpp"

namespace nts::test {

const detect::Detector& builtin_detector() {
  static const rules::RuleSet rule_set = [] {
    auto set = rules::RuleSet::compile(rules::builtin_rules());
    if (!set) {
      throw std::runtime_error(set.error().describe());
    }
    return std::move(*set);
  }();
  static const detect::Detector detector = [] {
    auto created = detect::Detector::create(rule_set);
    if (!created) {
      throw std::runtime_error(created.error().describe());
    }
    return std::move(*created);
  }();
  return detector;
}

const rules::RuleSet& builtin_rules() {
  return builtin_detector().rules();
}

std::vector<core::Finding> detect_in(const std::string& path, const std::string& text) {
  detect::ScanInput input;
  input.path = path;
  input.kind = parse::classify_path(path);
  input.text = text;
  // As every scan does: a finding an inline ignore comment covers is left out.
  auto findings = builtin_detector().scan(input);
  std::erase_if(findings, [](const core::Finding& f) { return f.ignore_comment_line.has_value(); });
  return findings;
}

}  // namespace nts::test
