#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nts::core {

// Ordered: a comparison with --fail-on / --min-confidence is a plain `<`.
enum class Severity { info, low, medium, high };
enum class Confidence { low, medium, high };

std::string_view to_string(Severity severity);
std::string_view to_string(Confidence confidence);
std::optional<Severity> parse_severity(std::string_view text);
std::optional<Confidence> parse_confidence(std::string_view text);
// "info, low, medium or high" / "low, medium or high", for error messages.
std::string severity_choices();
std::string confidence_choices();

}  // namespace nts::core
