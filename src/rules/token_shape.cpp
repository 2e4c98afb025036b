#include "rules/token_shape.hpp"

#include <cstdlib>

namespace nts::rules {
namespace {

// RE2's \b is ASCII: [0-9A-Za-z_].
bool is_word(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool consume(std::string_view& rest, std::string_view prefix) {
  if (rest.substr(0, prefix.size()) != prefix) {
    return false;
  }
  rest.remove_prefix(prefix.size());
  return true;
}

// "[a-zA-Z0-9]" with word characters only, no negation or escapes.
bool parse_class(std::string_view& rest, std::array<bool, 256>& in_class) {
  if (!consume(rest, "[")) {
    return false;
  }
  std::size_t close = rest.find(']');
  if (close == std::string_view::npos || close == 0) {
    return false;
  }
  std::string_view items = rest.substr(0, close);
  rest.remove_prefix(close + 1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto from = static_cast<unsigned char>(items[i]);
    auto to = from;
    if (i + 2 < items.size() && items[i + 1] == '-') {
      to = static_cast<unsigned char>(items[i + 2]);
      i += 2;
    }
    if (to < from) {
      return false;
    }
    for (unsigned c = from; c <= to; ++c) {
      if (!is_word(static_cast<unsigned char>(c))) {
        return false;
      }
      in_class[c] = true;
    }
  }
  return true;
}

// "{N}" or "{N,M}" with 1 <= N <= M.
bool parse_count(std::string_view& rest, std::size_t& min, std::size_t& max) {
  if (!consume(rest, "{")) {
    return false;
  }
  std::size_t close = rest.find('}');
  if (close == std::string_view::npos) {
    return false;
  }
  std::string body(rest.substr(0, close));
  rest.remove_prefix(close + 1);
  char* end = nullptr;
  min = std::strtoul(body.c_str(), &end, 10);
  max = min;
  if (*end == ',') {
    const char* second = end + 1;
    max = std::strtoul(second, &end, 10);
    if (end == second) {
      return false;
    }
  }
  return *end == '\0' && min >= 1 && max >= min && max <= 4096;
}

}  // namespace

std::size_t TokenShape::match(std::string_view text, std::size_t at, std::size_t limit) const {
  limit = std::min(limit, text.size());
  if (limit - std::min(limit, at) < literal.size() ||
      text.compare(at, literal.size(), literal) != 0) {
    return 0;
  }
  if (word_start && at > 0 && is_word(static_cast<unsigned char>(text[at - 1]))) {
    return 0;
  }
  std::size_t start = at + literal.size();
  std::size_t run = 0;
  while (run <= max && start + run < limit &&
         in_class[static_cast<unsigned char>(text[start + run])]) {
    ++run;
  }
  if (run < min) {
    return 0;
  }
  if (run > max) {
    // Greedy: the match takes `max`; with \b after, the next byte is in the
    // class, so a word character, and no shorter run can end at a boundary.
    return word_end ? 0 : literal.size() + max;
  }
  std::size_t end = start + run;  // at `limit` at most; the byte there still counts
  if (word_end && end < text.size() && is_word(static_cast<unsigned char>(text[end]))) {
    return 0;  // a shorter run would be followed by a class byte: no boundary either
  }
  return literal.size() + run;
}

std::optional<TokenShape> token_shape(std::string_view pattern) {
  TokenShape shape;
  std::string_view rest = pattern;
  shape.word_start = consume(rest, "\\b");
  if (!consume(rest, "(?P<secret>")) {
    return std::nullopt;
  }
  while (!rest.empty() && is_word(static_cast<unsigned char>(rest.front()))) {
    shape.literal += rest.front();
    rest.remove_prefix(1);
  }
  if (shape.literal.empty() || !parse_class(rest, shape.in_class) ||
      !parse_count(rest, shape.min, shape.max) || !consume(rest, ")")) {
    return std::nullopt;
  }
  shape.word_end = consume(rest, "\\b");
  if (!rest.empty()) {
    return std::nullopt;
  }
  return shape;
}

}  // namespace nts::rules
