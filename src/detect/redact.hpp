#pragma once

#include <string>
#include <string_view>

namespace nts::detect {

// What reports show instead of a secret: a short known prefix and the length,
// e.g. "npm_Ab…(redacted, 40 chars)". Never more than 6 characters of a secret.
std::string redact(std::string_view secret);

// A stable identity for a finding: rule + path + SHA-256 of the secret, hashed
// together, so it survives moved lines and never contains the secret.
std::string fingerprint(std::string_view rule_id, std::string_view path, std::string_view secret);

}  // namespace nts::detect
