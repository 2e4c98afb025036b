#include "rules/rule_code.hpp"

#include <cstdio>

namespace nts::rules {
namespace {

// A string literal; bytes outside printable ASCII become three-digit octal
// escapes, which (unlike \x) never swallow the digits that follow.
std::string literal(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f && c != '?') {  // '?': no trigraphs
      out += static_cast<char>(c);
    } else {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\%03o", c);
      out += escape;
    }
  }
  return out + "\"";
}

std::string literals(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + literal(items[i]);
  }
  return out + "}";
}

std::string examples(const std::vector<Example>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "\n" : ",\n") + std::string("      Example{") + literal(items[i].text) + ", " +
           literal(items[i].path) + ", " + std::to_string(items[i].line) + "}";
  }
  return out + "}";
}

template <typename Enum>
std::string enumerator(const char* type, Enum value) {
  return std::string("static_cast<") + type + ">(" + std::to_string(static_cast<int>(value)) + ")";
}

void write_rule(const Rule& rule, std::size_t index, std::string& out) {
  auto field = [&](const char* name, const std::string& value) {
    out += std::string("    rule.") + name + " = " + value + ";\n";
  };
  out += "  {\n    Rule& rule = rules[" + std::to_string(index) + "];\n";
  field("id", literal(rule.id));
  field("title", literal(rule.title));
  field("description", literal(rule.description));
  field("severity", enumerator("core::Severity", rule.severity));
  field("confidence", enumerator("core::Confidence", rule.confidence));
  field("engine", enumerator("Engine", rule.engine));
  field("files", literals(rule.files));
  field("keywords", literals(rule.keywords));
  field("pattern", literal(rule.pattern));
  field("validator", literal(rule.validator));
  char entropy[40];
  std::snprintf(entropy, sizeof entropy, "%.17g", rule.min_entropy);
  field("min_entropy", entropy);
  field("fallback", literal(rule.fallback));
  field("allow", literals(rule.allow));
  field("leak", rule.leak ? "true" : "false");
  field("message", literal(rule.message));
  field("help", literal(rule.help));
  field("references", literals(rule.references));
  field("match_examples", "std::vector<Example>" + examples(rule.match_examples));
  field("no_match_examples", "std::vector<Example>" + examples(rule.no_match_examples));
  field("source", literal(rule.source));
  field("builtin_file", rule.builtin_file ? "true" : "false");
  out += "  }\n";
}

}  // namespace

std::string rules_as_cpp(const std::vector<Rule>& rules) {
  std::string out =
      "// Generated at build time from rules/*.yaml by nts-compile-rules: do not edit.\n"
      "#include \"rules/builtin_rules.hpp\"\n\n"
      "namespace nts::rules {\n\n"
      "std::vector<Rule> builtin_rules() {\n"
      "  std::vector<Rule> rules(" +
      std::to_string(rules.size()) + ");\n";
  for (std::size_t i = 0; i < rules.size(); ++i) {
    write_rule(rules[i], i, out);
  }
  out += "  return rules;\n}\n\n}  // namespace nts::rules\n";
  return out;
}

}  // namespace nts::rules
