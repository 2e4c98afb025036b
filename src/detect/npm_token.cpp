#include "detect/npm_token.hpp"

#include <zlib.h>

#include <cstring>

#include "util/text.hpp"

namespace nts::detect {
namespace {
constexpr char k_base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view k_prefix = "npm_";
}  // namespace

std::string npm_checksum(std::string_view random_part) {
  auto crc =
      static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(random_part.data()),
                                       static_cast<uInt>(random_part.size())));
  std::string out(6, '0');
  for (int i = 5; i >= 0; --i) {  // 62^6 > 2^32: six digits always suffice
    out[static_cast<std::size_t>(i)] = k_base62[crc % 62];
    crc /= 62;
  }
  return out;
}

bool npm_checksum_ok(std::string_view token) {
  if (token.size() != 40 || token.substr(0, 4) != k_prefix) {
    return false;
  }
  return npm_checksum(token.substr(4, 30)) == token.substr(34, 6);
}

bool npm_token_looks_synthetic(std::string_view token) {
  if (token.size() != 40) {
    return false;
  }
  auto body = token.substr(4, 30);
  if (util::shannon_entropy(body) < 3.0) {
    return true;
  }
  // A short unit repeated ("abcabcabc…") has high entropy per byte but no randomness.
  for (std::size_t unit = 1; unit <= 10; ++unit) {
    bool repeats = true;
    for (std::size_t i = unit; i < body.size() && repeats; ++i) {
      repeats = body[i] == body[i - unit];
    }
    if (repeats) {
      return true;
    }
  }
  // The alphabet in order, as in "abcdefghijklmnopqrstuvwxyz0123".
  std::size_t ascending = 0;
  for (std::size_t i = 1; i < body.size(); ++i) {
    if (body[i] == body[i - 1] + 1) {
      ++ascending;
    }
  }
  return ascending >= 20;
}

std::string make_npm_token(std::uint64_t seed) {
  // splitmix64: deterministic, no <random> distribution differences between libstdc++ versions.
  std::string body;
  std::uint64_t state = seed;
  while (body.size() < 30) {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    body += k_base62[z % 62];
  }
  return std::string(k_prefix) + body + npm_checksum(body);
}

std::string make_npm_token_bad_checksum(std::uint64_t seed) {
  std::string token = make_npm_token(seed);
  char& last = token.back();
  last = last == 'z' ? 'y' : static_cast<char>(last == '9' ? 'A' : last + 1);
  return token;
}

std::string make_npm_token_synthetic(char fill) {
  std::string body(30, fill);
  return std::string(k_prefix) + body + npm_checksum(body);
}

}  // namespace nts::detect
