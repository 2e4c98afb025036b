#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace nts::util {

std::size_t code_point_length(std::string_view text, std::size_t at) {
  if (at >= text.size()) {
    return 0;
  }
  auto byte = static_cast<unsigned char>(text[at]);
  std::size_t len = 1;
  if (byte >= 0xf0 && byte <= 0xf4) {
    len = 4;
  } else if (byte >= 0xe0) {
    len = 3;
  } else if (byte >= 0xc2 && byte < 0xe0) {
    len = 2;
  }
  bool valid = len == 1 || at + len <= text.size();
  for (std::size_t k = 1; valid && k < len; ++k) {
    valid = (static_cast<unsigned char>(text[at + k]) & 0xc0) == 0x80;
  }
  return valid ? len : 1;
}

std::size_t floor_code_point(std::string_view text, std::size_t at) {
  if (at >= text.size()) {
    return text.size();
  }
  // A lead byte up to three bytes back whose sequence covers `at`; otherwise
  // `at` is a lead byte or an invalid byte of its own.
  for (std::size_t back = 1; back <= 3 && back <= at; ++back) {
    std::size_t start = at - back;
    if ((static_cast<unsigned char>(text[start]) & 0xc0) != 0x80) {
      return code_point_length(text, start) > back ? start : at;
    }
  }
  return at;
}

std::size_t ceil_code_point(std::string_view text, std::size_t at) {
  std::size_t start = floor_code_point(text, at);
  return start == at || start >= text.size() ? start : start + code_point_length(text, start);
}

std::size_t byte_of_code_point(std::string_view text, std::size_t index) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < index && at < text.size(); ++i) {
    at += code_point_length(text, at);
  }
  return at;
}

int count_code_points(std::string_view text) {
  int count = 0;
  for (std::size_t i = 0; i < text.size(); i += code_point_length(text, i)) {
    ++count;
  }
  return count;
}

double shannon_entropy(std::string_view text) {
  if (text.empty()) {
    return 0.0;
  }
  std::array<std::size_t, 256> counts{};
  for (char c : text) {
    ++counts[static_cast<unsigned char>(c)];
  }
  double entropy = 0.0;
  const auto total = static_cast<double>(text.size());
  for (std::size_t n : counts) {
    if (n > 0) {
      double p = static_cast<double>(n) / total;
      entropy -= p * std::log2(p);
    }
  }
  return entropy;
}

namespace {
int base64_value(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}
}  // namespace

std::optional<std::string> decode_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = base64_value(c);
    if (v < 0) {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string encode_base64(std::string_view bytes) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                      (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                      std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) {
      v |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    }
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += rest == 2 ? k_alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

namespace {
void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}
}  // namespace

std::optional<std::string> decode_utf16_with_bom(std::string_view bytes) {
  if (bytes.size() < 2) {
    return std::nullopt;
  }
  auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]));
  };
  bool little = byte(0) == 0xff && byte(1) == 0xfe;
  bool big = byte(0) == 0xfe && byte(1) == 0xff;
  if (!little && !big) {
    return std::nullopt;
  }
  auto unit = [&](std::size_t i) {
    return little ? byte(i) | byte(i + 1) << 8 : byte(i) << 8 | byte(i + 1);
  };
  constexpr std::uint32_t k_replacement = 0xfffd;
  std::string out;
  out.reserve(bytes.size() / 2);
  std::size_t i = 2;
  for (; i + 1 < bytes.size(); i += 2) {
    std::uint32_t code = unit(i);
    if (code >= 0xd800 && code < 0xdc00 && i + 3 < bytes.size()) {
      std::uint32_t low = unit(i + 2);
      if (low >= 0xdc00 && low < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i += 2;
      } else {
        code = k_replacement;
      }
    } else if (code >= 0xd800 && code < 0xe000) {
      code = k_replacement;
    }
    append_utf8(out, code);
  }
  if (i < bytes.size()) {
    append_utf8(out, k_replacement);
  }
  return out;
}

bool is_printable_ascii(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

namespace {
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

bool starts_with_icase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equals_icase(text.substr(0, prefix.size()), prefix);
}

bool equals_icase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = lower(c);
  }
  return out;
}

std::string_view trim(std::string_view text) {
  const char* ws = " \t\r\n\f\v";
  auto first = text.find_first_not_of(ws);
  if (first == std::string_view::npos) {
    return {};
  }
  auto last = text.find_last_not_of(ws);
  return text.substr(first, last - first + 1);
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

std::string escape_control(std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  // A workflow-command prefix at the start (the runner trims blanks first).
  auto blanks = std::min(text.find_first_not_of(" \t"), text.size());
  auto rest = text.substr(blanks);
  if (rest.substr(0, 2) == "::" || rest.substr(0, 3) == "##[") {
    out.append(text.substr(0, blanks));
    out += rest[0] == ':' ? "\\x3a" : "\\x23";
    text = rest.substr(1);
  }
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

std::string shell_quote(std::string_view word) {
  auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
  };
  if (!word.empty() && std::all_of(word.begin(), word.end(), plain)) {
    return std::string(word);
  }
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace nts::util

namespace nts::util {

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    // Optimal string alignment: edits, and a swap of two neighbours ("sacn" for
    // "scan") counts as one, as typing slips usually are.
    std::vector<std::vector<std::size_t>> d(word.size() + 1,
                                            std::vector<std::size_t>(candidate.size() + 1));
    for (std::size_t i = 0; i <= word.size(); ++i) {
      d[i][0] = i;
    }
    for (std::size_t j = 0; j <= candidate.size(); ++j) {
      d[0][j] = j;
    }
    for (std::size_t i = 1; i <= word.size(); ++i) {
      for (std::size_t j = 1; j <= candidate.size(); ++j) {
        std::size_t cost = word[i - 1] == candidate[j - 1] ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && word[i - 1] == candidate[j - 2] && word[i - 2] == candidate[j - 1]) {
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    std::size_t distance = d[word.size()][candidate.size()];
    if (distance <= std::max<std::size_t>(1, word.size() / 3) &&
        (!best || distance < best_distance)) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace nts::util
