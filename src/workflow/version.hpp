#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::workflow {

// A dotted version, compared numerically ("11.5.1" < "11.10.0").
struct Version {
  std::vector<int> parts;
  bool operator<(const Version& other) const;
  bool operator>=(const Version& other) const { return !(*this < other); }
  int major() const { return parts.empty() ? 0 : parts[0]; }
  std::string str() const;
};

std::optional<Version> parse_version(std::string_view text);

// What a version requirement guarantees at least: "^11.5.1" -> 11.5.1,
// "~4.10" -> 4.10, "11" -> 11, "v22.14.0" -> 22.14.0. `floating` is set for
// requirements that follow new releases ("latest", ">=9", "*", "^9" counts
// as >= 9 as well). nullopt when nothing numeric is there (workspace:*, a git URL).
struct Requirement {
  std::optional<Version> minimum;
  bool latest = false;  // "latest", "next", "*", ">=x" without upper bound
};
Requirement parse_requirement(std::string_view text);

}  // namespace nts::workflow
