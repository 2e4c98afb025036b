#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/severity.hpp"
#include "parse/file_kind.hpp"

namespace nts::detect {

// What a check reports: the rule, and where the secret (or the evidence) sits
// as a byte range of the scanned text. The detector turns it into a Finding.
struct Hit {
  std::string rule_id;
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string message;  // empty: the rule's message
  std::optional<core::Confidence> confidence;
  // The bytes are evidence, not a secret (a ${VAR} reference): reports show them as they are.
  bool reveal = false;
};

// A structural check: parses a file kind (.npmrc, .yarnrc.yml, ...) and reports
// what a regular expression cannot see. One file per check in detect/checks/.
class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view name() const = 0;
  virtual std::vector<std::string_view> rule_ids() const = 0;
  virtual bool applies_to(parse::FileKind kind) const = 0;
  virtual void run(std::string_view text, std::vector<Hit>& hits) const = 0;
};

// The registry: every builtin check, in a fixed order.
const std::vector<std::unique_ptr<Check>>& builtin_checks();

// How an auth value found by a parser should be treated.
enum class AuthValue { empty, reference, npm_token, legacy_token, placeholder, literal };
AuthValue classify_auth_value(std::string_view value);

}  // namespace nts::detect
