#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nts::workflow::js {

// The tokens of a JavaScript/TypeScript text, enough to find calls, imports
// and conditions without a full parser: identifiers, punctuation, strings and
// template literals (with their `${…}` parts kept as source), regex literals
// as one opaque token. Comments are dropped.
struct Part {
  bool expression = false;
  std::string text;  // literal text, or the expression's source
};

struct Token {
  enum class Kind { ident, punct, string, templ, regex } kind = Kind::punct;
  std::string text;         // ident and punct
  std::vector<Part> parts;  // string (one literal part) and template
  int line = 1;
};

// At most 2,000,000 tokens: the rest of a larger text is not read.
std::vector<Token> lex(std::string_view source);

// Read-only questions about a token list, shared by the readers of a script.
class TokenCursor {
 public:
  explicit TokenCursor(std::vector<Token> tokens) : m_t(std::move(tokens)) {}

  bool is(std::size_t i, Token::Kind kind, std::string_view text = {}) const {
    return i < m_t.size() && m_t[i].kind == kind && (text.empty() || m_t[i].text == text);
  }
  bool punct(std::size_t i, std::string_view text) const { return is(i, Token::Kind::punct, text); }
  bool ident(std::size_t i, std::string_view text = {}) const {
    return is(i, Token::Kind::ident, text);
  }
  bool literal(std::size_t i) const {
    return is(i, Token::Kind::string) || is(i, Token::Kind::templ);
  }
  // Index after the token that closes the bracket opened at `open`.
  std::size_t after_close(std::size_t open) const;
  // Index after the statement that starts at `begin`: a `{ … }` block, or up
  // to a `;` or the end of its last line at bracket depth 0.
  std::size_t statement_end(std::size_t begin) const;
  const std::vector<Token>& tokens() const { return m_t; }

 protected:
  std::vector<Token> m_t;
};

}  // namespace nts::workflow::js
