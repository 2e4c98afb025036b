#include "workflow/version.hpp"

#include <cctype>

#include "util/text.hpp"

namespace nts::workflow {

bool Version::operator<(const Version& other) const {
  for (std::size_t i = 0; i < std::max(parts.size(), other.parts.size()); ++i) {
    int a = i < parts.size() ? parts[i] : 0;
    int b = i < other.parts.size() ? other.parts[i] : 0;
    if (a != b) {
      return a < b;
    }
  }
  return false;
}

std::string Version::str() const {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i ? "." : "") + std::to_string(parts[i]);
  }
  return out;
}

std::optional<Version> parse_version(std::string_view text) {
  text = util::trim(text);
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) {
    text.remove_prefix(1);
  }
  Version v;
  std::size_t i = 0;
  while (i < text.size() && v.parts.size() < 4) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      break;
    }
    int n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      n = std::min(n * 10 + (text[i] - '0'), 1000000);
      ++i;
    }
    v.parts.push_back(n);
    if (i < text.size() && text[i] == '.') {
      ++i;
    } else {
      break;
    }
  }
  if (v.parts.empty()) {
    return std::nullopt;
  }
  return v;
}

Requirement parse_requirement(std::string_view text) {
  Requirement r;
  text = util::trim(text);
  // "npm@^11.5.1": the part after the last '@' that is not the first character.
  auto at = text.rfind('@');
  if (at != std::string_view::npos && at > 0) {
    text = text.substr(at + 1);
  }
  if (text.empty() || text == "latest" || text == "next" || text == "*" || text == "x") {
    r.latest = true;  // a bare `npm` installs the newest release
    return r;
  }
  if (text.rfind(">=", 0) == 0 || (text[0] == '>' && text.find('<') == std::string_view::npos)) {
    r.latest = text.find('<') == std::string_view::npos;
  }
  std::size_t i = 0;
  while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (std::isalpha(static_cast<unsigned char>(text[i])) && text[i] != 'v') {
      return r;  // workspace:*, a tag name, a URL
    }
    ++i;
  }
  r.minimum = parse_version(text.substr(i));
  return r;
}

}  // namespace nts::workflow
