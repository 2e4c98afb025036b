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
  // The secret when the file holds it encoded (YAML escapes, a folded scalar):
  // [offset, offset + length) is then the encoded value as written.
  std::optional<std::string> decoded;
};

// A value a check decoded whose bytes are not in the file as written (a YAML
// scalar with escapes or line continuations): the detector runs the pattern
// rules over `text` and reports their matches at [offset, offset + length).
struct DecodedValue {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
};

// A structural check: parses a file kind (.npmrc, .yarnrc.yml, ...) and reports
// what a regular expression cannot see. One file per check in detect/checks/.
class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view name() const = 0;
  virtual std::vector<std::string_view> rule_ids() const = 0;
  virtual bool applies_to(parse::FileKind kind) const = 0;
  virtual void run(std::string_view text, std::vector<Hit>& hits,
                   std::vector<DecodedValue>& decoded) const = 0;
};

// The registry: every builtin check, in a fixed order.
const std::vector<std::unique_ptr<Check>>& builtin_checks();

// How an auth value found by a parser should be treated.
enum class AuthValue { empty, reference, npm_token, legacy_token, placeholder, literal };
AuthValue classify_auth_value(std::string_view value);

}  // namespace nts::detect
