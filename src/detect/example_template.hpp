#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace nts::detect {

// Fills the templates in rule examples and test fixtures, innermost first:
//   {{npm_token}}                a token with a valid checksum
//   {{npm_token_bad_checksum}}   the right shape, a wrong checksum
//   {{npm_token_synthetic}}      a checksum-valid run of zeros
//   {{uuid}} {{uuid_mixed_case}} a random v4 UUID
//   {{alnum N}} {{hex N}}        N random characters
//   {{base64 TEXT}}              TEXT encoded in base64
// Templates have no space after "{{", so GitHub's ${{ expr }} is left alone.
// The same seed gives the same text, so golden files stay stable.
core::Result<std::string> fill_templates(std::string_view text, std::uint64_t seed);

}  // namespace nts::detect
