#include "detect/example_template.hpp"

#include "detect/npm_token.hpp"
#include "util/text.hpp"

namespace nts::detect {
namespace {

class Random {
 public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    m_state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = m_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::string pick(std::string_view alphabet, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
      out += alphabet[next() % alphabet.size()];
    }
    return out;
  }

 private:
  std::uint64_t m_state;
};

constexpr std::string_view k_alnum =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view k_hex = "0123456789abcdef";

core::Result<std::string> expand(std::string_view name, std::string_view argument, Random& random) {
  auto count = [&]() -> std::optional<std::size_t> {
    std::size_t n = 0;
    for (char c : argument) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return argument.empty() || n > 4096 ? std::nullopt : std::optional<std::size_t>(n);
  };
  if (name == "npm_token") {
    return make_npm_token(random.next());
  }
  if (name == "npm_token_bad_checksum") {
    return make_npm_token_bad_checksum(random.next());
  }
  if (name == "npm_token_synthetic") {
    return make_npm_token_synthetic('0');
  }
  if (name == "uuid" || name == "uuid_mixed_case") {
    std::string hex = random.pick(k_hex, 32);
    hex[12] = '4';
    std::string uuid = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                       hex.substr(16, 4) + "-" + hex.substr(20, 12);
    if (name == "uuid_mixed_case") {
      for (std::size_t i = 0; i < uuid.size(); i += 2) {
        if (uuid[i] >= 'a' && uuid[i] <= 'f') {
          uuid[i] = static_cast<char>(uuid[i] - 'a' + 'A');
        }
      }
    }
    return uuid;
  }
  if (name == "alnum" || name == "hex") {
    auto n = count();
    if (!n) {
      return core::Error{
          "{{" + std::string(name) + " N}} needs a length from 1 to 4096", {}, {}, {}};
    }
    return random.pick(name == "alnum" ? k_alnum : k_hex, *n);
  }
  if (name == "base64") {
    return util::encode_base64(argument);
  }
  return core::Error{"unknown template {{" + std::string(name) + "}}",
                     {},
                     "known: npm_token, npm_token_bad_checksum, npm_token_synthetic, uuid, "
                     "uuid_mixed_case, alnum N, hex N, base64 TEXT",
                     {}};
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9');
}

}  // namespace

core::Result<std::string> fill_templates(std::string_view text, std::uint64_t seed) {
  Random random(seed);
  std::string out(text);
  // Innermost first: the last "{{name" before the first "}}" that follows it.
  for (int guard = 0; guard < 1000; ++guard) {
    std::size_t open = std::string::npos;
    for (std::size_t at = out.find("{{"); at != std::string::npos; at = out.find("{{", at + 1)) {
      if (at + 2 < out.size() && is_name_char(out[at + 2]) && (at == 0 || out[at - 1] != '$')) {
        std::size_t close = out.find("}}", at + 2);
        std::size_t inner = out.find("{{", at + 2);
        if (close != std::string::npos && (inner == std::string::npos || inner > close)) {
          open = at;
          break;
        }
      }
    }
    if (open == std::string::npos) {
      return out;
    }
    std::size_t close = out.find("}}", open);
    std::string_view body(out.data() + open + 2, close - open - 2);
    auto space = body.find(' ');
    std::string_view name = body.substr(0, space);
    std::string_view argument =
        space == std::string_view::npos ? std::string_view{} : body.substr(space + 1);
    auto value = expand(name, argument, random);
    if (!value) {
      return value.error();
    }
    out.replace(open, close + 2 - open, *value);
  }
  return core::Error{"templates nested too deeply", {}, {}, {}};
}

}  // namespace nts::detect
