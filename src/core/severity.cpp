#include "core/severity.hpp"

#include "util/enum_table.hpp"

namespace nts::core {
namespace {

constexpr util::EnumTable<Severity, 4> k_severities{{{
    {Severity::info, "info"},
    {Severity::low, "low"},
    {Severity::medium, "medium"},
    {Severity::high, "high"},
}}};

constexpr util::EnumTable<Confidence, 3> k_confidences{{{
    {Confidence::low, "low"},
    {Confidence::medium, "medium"},
    {Confidence::high, "high"},
}}};

}  // namespace

std::string_view to_string(Severity severity) {
  return k_severities.name(severity);
}

std::string_view to_string(Confidence confidence) {
  return k_confidences.name(confidence);
}

std::optional<Severity> parse_severity(std::string_view text) {
  return k_severities.parse(text);
}

std::optional<Confidence> parse_confidence(std::string_view text) {
  return k_confidences.parse(text);
}

std::string severity_choices() {
  return k_severities.choices();
}

std::string confidence_choices() {
  return k_confidences.choices();
}

}  // namespace nts::core
