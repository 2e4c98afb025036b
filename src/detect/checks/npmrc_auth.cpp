// .npmrc credentials the patterns cannot see: `_authToken` values that are not
// npm_ or UUID tokens (GitHub Packages, Artifactory, ...), `_auth` (base64
// user:password), `_password` (base64 password), and ${VAR} references, which
// are not leaks but show that a token is plumbed in.
#include <algorithm>
#include <optional>

#include "detect/checks/checks.hpp"
#include "parse/npmrc.hpp"
#include "util/text.hpp"

namespace nts::detect::checks {
namespace {

std::string scope_phrase(const parse::NpmrcEntry& entry) {
  return entry.scope.empty() ? std::string(" (not scoped to a registry)") : " for " + entry.scope;
}

class NpmrcAuthCheck final : public Check {
 public:
  std::string_view name() const override { return "npmrc-auth"; }
  std::vector<std::string_view> rule_ids() const override {
    return {"npmrc-auth-token", "npmrc-basic-auth", "npm-token-reference"};
  }
  bool applies_to(parse::FileKind kind) const override { return kind == parse::FileKind::npmrc; }

  void run(std::string_view text, std::vector<Hit>& hits,
           std::vector<DecodedValue>& /*decoded*/) const override {
    auto file = parse::parse_npmrc(text);
    for (const auto& entry : file.entries) {
      if (entry.key == "_authToken") {
        report_auth_value("npmrc-auth-token", entry.value, entry.value_offset,
                          "_authToken" + scope_phrase(entry), hits);
      } else if (entry.key == "_auth" || entry.key == "_password") {
        report_basic_auth(entry, hits);
      }
    }
  }

 private:
  static void report_basic_auth(const parse::NpmrcEntry& entry, std::vector<Hit>& hits) {
    auto kind = classify_auth_value(entry.value);
    if (kind == AuthValue::reference) {
      report_auth_value("npmrc-basic-auth", entry.value, entry.value_offset,
                        entry.key + scope_phrase(entry), hits);
      return;
    }
    if (kind != AuthValue::literal && kind != AuthValue::npm_token &&
        kind != AuthValue::legacy_token) {
      return;
    }
    Hit hit;
    hit.rule_id = "npmrc-basic-auth";
    hit.offset = entry.value_offset;
    hit.length = entry.value.size();
    auto decoded = util::decode_base64(entry.value);
    bool readable = decoded && !decoded->empty() && util::is_printable_ascii(*decoded);
    if (entry.key == "_auth") {
      if (readable && decoded->find(':') != std::string::npos) {
        hit.message = "_auth" + scope_phrase(entry) +
                      " holds a base64-encoded username:password; anyone with this file can "
                      "publish as that user";
      } else {
        hit.message = "_auth" + scope_phrase(entry) +
                      " holds a credential that is not base64 username:password; npm cannot use "
                      "it, but it may still be a real secret";
        hit.confidence = core::Confidence::medium;
      }
    } else {
      hit.message = "_password" + scope_phrase(entry) +
                    (readable ? " holds a base64-encoded password"
                              : " holds a password that is not base64 (npm expects base64), "
                                "possibly a plain-text password");
      if (!readable) {
        hit.confidence = core::Confidence::medium;
      }
    }
    hits.push_back(std::move(hit));
  }
};

// Literal text outside `${...}` shorter than this is a separator or a prefix
// ("Bearer ", ":"), not a credential; a fallback of any length is a credential.
constexpr std::size_t k_min_literal_beside_reference = 8;

// The literal text beside or inside a value's references, when it is a
// credential: [begin, end) in the value, from the first to the last such byte.
std::optional<std::pair<std::size_t, std::size_t>> credential_beside_references(
    std::string_view value, const std::vector<parse::EnvReference>& references) {
  std::string literal;
  bool has_fallback = false;
  std::size_t begin = std::string_view::npos;
  std::size_t end = 0;
  for (auto [offset, length] : parse::literal_parts(value, references)) {
    auto part = value.substr(offset, length);
    auto trimmed = util::trim(part);
    if (trimmed.empty()) {
      continue;
    }
    auto trimmed_at = offset + static_cast<std::size_t>(trimmed.data() - part.data());
    begin = std::min(begin, trimmed_at);
    end = std::max(end, trimmed_at + trimmed.size());
    literal += trimmed;
    for (const auto& reference : references) {
      has_fallback =
          has_fallback || (reference.fallback_length > 0 && offset == reference.fallback_offset);
    }
  }
  if (literal.empty() || (!has_fallback && literal.size() < k_min_literal_beside_reference)) {
    return std::nullopt;
  }
  auto kind = classify_auth_value(literal);
  if (kind == AuthValue::placeholder || kind == AuthValue::empty) {
    return std::nullopt;
  }
  return std::make_pair(begin, end);
}

}  // namespace

void report_auth_value(std::string_view literal_rule, std::string_view value, std::size_t offset,
                       const std::string& what, std::vector<Hit>& hits) {
  auto references = parse::find_env_references(value);
  if (!references.empty()) {
    const std::string& name = references.front().name;
    if (auto literal = credential_beside_references(value, references)) {
      // `${GH_TOKEN:-ghp_…}` or `${X}abc…`: the literal part is a committed
      // credential, reported (and redacted) as one.
      bool fallback = false;
      for (const auto& reference : references) {
        fallback = fallback || reference.fallback_length > 0;
      }
      Hit hit;
      hit.rule_id = std::string(literal_rule);
      hit.offset = offset + literal->first;
      hit.length = literal->second - literal->first;
      hit.message = what + " holds a literal credential written in the file beside ${" + name +
                    "}" +
                    (fallback ? ": the fallback is used whenever the variable is unset"
                              : ": the credential is the variable's value joined to it");
      hits.push_back(std::move(hit));
      return;
    }
    Hit hit;
    hit.rule_id = "npm-token-reference";
    hit.offset = offset;
    hit.length = value.size();
    hit.reveal = true;
    hit.message = what + " takes its value from ${" + name +
                  "}: not a leak, but it means publishing depends on a long-lived token";
    hits.push_back(std::move(hit));
    return;
  }
  switch (classify_auth_value(value)) {
    case AuthValue::reference:  // handled above
      return;
    case AuthValue::literal: {
      Hit hit;
      hit.rule_id = std::string(literal_rule);
      hit.offset = offset;
      hit.length = value.size();
      hit.message = what + " holds a literal credential written in the file";
      hits.push_back(std::move(hit));
      return;
    }
    case AuthValue::npm_token:     // reported by the npm-access-token pattern
    case AuthValue::legacy_token:  // reported by the npm-legacy-token pattern
    case AuthValue::placeholder:
    case AuthValue::empty:
      return;
  }
}

std::unique_ptr<Check> make_npmrc_auth_check() {
  return std::make_unique<NpmrcAuthCheck>();
}

}  // namespace nts::detect::checks
