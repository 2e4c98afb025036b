#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace nts::util {

// SHA-256 (FIPS 180-4). Used for fingerprints and baselines, so that a hash of
// a secret, never the secret, leaves the process.
std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

}  // namespace nts::util
