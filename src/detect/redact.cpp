#include "detect/redact.hpp"

#include "util/sha256.hpp"
#include "util/text.hpp"

namespace nts::detect {

std::string redact(std::string_view secret) {
  std::size_t shown = 0;
  if (secret.substr(0, 4) == "npm_" && secret.size() >= 20) {
    shown = 6;
  } else if (secret.size() >= 16) {
    shown = 2;
  }
  // Never cut a UTF-8 sequence in half.
  shown = util::floor_code_point(secret, shown);
  return std::string(secret.substr(0, shown)) + "\xE2\x80\xA6(redacted, " +
         std::to_string(secret.size()) + " chars)";
}

std::string fingerprint(std::string_view rule_id, std::string_view path, std::string_view secret) {
  std::string material;
  material += rule_id;
  material += '\n';
  material += path;
  material += '\n';
  material += util::sha256_hex(secret);
  return util::sha256_hex(material).substr(0, 32);
}

}  // namespace nts::detect
