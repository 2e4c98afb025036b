#include <re2/re2.h>

#include "detect/check.hpp"
#include "detect/checks/checks.hpp"
#include "parse/npmrc.hpp"
#include "util/text.hpp"

namespace nts::detect {

const std::vector<std::unique_ptr<Check>>& builtin_checks() {
  static const std::vector<std::unique_ptr<Check>> checks = [] {
    std::vector<std::unique_ptr<Check>> list;
    list.push_back(checks::make_npmrc_auth_check());
    list.push_back(checks::make_yarnrc_yml_auth_check());
    list.push_back(checks::make_yarnrc_auth_check());
    return list;
  }();
  return checks;
}

AuthValue classify_auth_value(std::string_view value) {
  static const RE2 k_uuid("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static const RE2 k_npm_token("npm_[A-Za-z0-9]{36}");
  // Values people write instead of a secret.
  static const RE2 k_placeholder(
      "(?i)(?:x+|\\*+|\\.\\.\\.|<[^>]*>|\\{\\{[^}]*\\}\\}|%[A-Za-z0-9_]+%|\\$[A-Za-z_][A-Za-z0-9_]*"
      "|"
      "\\$\\{\\{[^}]*\\}\\}|(?:your|my)[-_ ]?(?:npm[-_ ]?)?(?:auth[-_ "
      "]?)?(?:token|password|secret)(?:[-_ ]?here)?|"
      "token|password|secret|changeme|redacted|placeholder|null|undefined|none|true|false)");
  value = util::trim(value);
  if (value.empty()) {
    return AuthValue::empty;
  }
  if (!parse::env_references(value).empty()) {
    return AuthValue::reference;
  }
  if (RE2::FullMatch(value, k_npm_token)) {
    return AuthValue::npm_token;
  }
  if (RE2::FullMatch(value, k_uuid)) {
    return AuthValue::legacy_token;
  }
  if (RE2::FullMatch(value, k_placeholder)) {
    return AuthValue::placeholder;
  }
  return AuthValue::literal;
}

}  // namespace nts::detect
