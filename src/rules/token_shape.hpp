#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace nts::rules {

// A pattern of the form `\b(?P<secret>LITERAL[CLASS]{N,M})\b` (each \b
// optional, {N} allowed), where the literal and the class hold only word
// characters. npm's access tokens have it. Such a pattern needs no regex
// engine at a keyword hit: compare the literal, count the class run, look at
// the byte after it. Because the class holds only word characters, the
// trailing \b settles the match without backtracking, so this agrees with RE2
// exactly (a test compares them on random text). The detector uses it at the
// hundreds of thousands of "npm_" hits a large tree has, where an anchored
// RE2 call costs about a hundred times more.
struct TokenShape {
  std::string literal;
  std::array<bool, 256> in_class{};
  std::size_t min = 0;
  std::size_t max = 0;
  bool word_start = false;  // \b before the literal
  bool word_end = false;    // \b after the run

  // The length of the match starting at `at` and ending by `limit`, or 0 for
  // none. As with RE2's endpos, the bytes past `limit` still decide a \b.
  std::size_t match(std::string_view text, std::size_t at, std::size_t limit) const;
};

// The shape of `pattern`, or nullopt when it is not of that form.
std::optional<TokenShape> token_shape(std::string_view pattern);

}  // namespace nts::rules
