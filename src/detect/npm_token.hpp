#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nts::detect {

// npm access tokens since 2021: "npm_" + 30 random base62 characters + the
// CRC32 (IEEE, zlib) of those 30 characters in base62 (0-9A-Za-z, most
// significant digit first, zero-padded to 6). The checksum makes a real token
// verifiable offline.
std::string npm_checksum(std::string_view random_part);
bool npm_checksum_ok(std::string_view token);

// A checksum-valid token whose random part is too regular to be random
// (a run of one character, a short repeated unit): a deliberate placeholder.
bool npm_token_looks_synthetic(std::string_view token);

// Test and example support: a token with a valid checksum built from `seed`
// (deterministic), and variants with a broken checksum or a synthetic body.
std::string make_npm_token(std::uint64_t seed);
std::string make_npm_token_bad_checksum(std::uint64_t seed);
std::string make_npm_token_synthetic(char fill);

}  // namespace nts::detect
