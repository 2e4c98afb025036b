#pragma once

#include <optional>
#include <string_view>

namespace nts::core {

// Ordered: a comparison with --fail-on / --min-confidence is a plain `<`.
enum class Severity { info, low, medium, high };
enum class Confidence { low, medium, high };

std::string_view to_string(Severity severity);
std::string_view to_string(Confidence confidence);
std::optional<Severity> parse_severity(std::string_view text);
std::optional<Confidence> parse_confidence(std::string_view text);

}  // namespace nts::core
