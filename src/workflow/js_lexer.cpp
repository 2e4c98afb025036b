#include "workflow/js_lexer.hpp"

#include <algorithm>
#include <cctype>

namespace nts::workflow::js {
namespace {

constexpr std::size_t k_max_tokens = 2'000'000;

bool ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool ident_char(char c) {
  return ident_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : m_s(s) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    while (m_i < m_s.size() && out.size() < k_max_tokens) {
      char c = m_s[m_i];
      if (c == '\n') {
        ++m_line;
        ++m_i;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++m_i;
      } else if (c == '/' && peek(1) == '/') {
        skip_line();
      } else if (c == '/' && peek(1) == '*') {
        skip_block_comment();
      } else if (c == '#' && m_i == 0 && peek(1) == '!') {
        skip_line();  // shebang
      } else if (c == '\'' || c == '"') {
        Token t{Token::Kind::string, {}, {}, m_line};
        t.parts.push_back({false, quoted(c)});
        out.push_back(std::move(t));
      } else if (c == '`') {
        Token t{Token::Kind::templ, {}, {}, m_line};
        t.parts = template_parts();
        out.push_back(std::move(t));
      } else if (c == '/' && regex_allowed(out)) {
        int line = m_line;
        skip_regex();
        out.push_back({Token::Kind::regex, "/", {}, line});
      } else if (ident_start(c)) {
        std::size_t begin = m_i;
        while (m_i < m_s.size() && ident_char(m_s[m_i])) {
          ++m_i;
        }
        out.push_back(
            {Token::Kind::ident, std::string(m_s.substr(begin, m_i - begin)), {}, m_line});
      } else {
        bool arrow = c == '=' && peek(1) == '>';
        std::size_t length = arrow ? 2 : 1;
        out.push_back({Token::Kind::punct, std::string(m_s.substr(m_i, length)), {}, m_line});
        m_i += length;
      }
    }
    return out;
  }

 private:
  char peek(std::size_t ahead) const { return m_i + ahead < m_s.size() ? m_s[m_i + ahead] : '\0'; }
  void skip_line() {
    while (m_i < m_s.size() && m_s[m_i] != '\n') {
      ++m_i;
    }
  }
  void skip_block_comment() {
    m_i += 2;
    while (m_i < m_s.size() && !(m_s[m_i] == '*' && peek(1) == '/')) {
      m_line += m_s[m_i] == '\n';
      ++m_i;
    }
    m_i = std::min(m_s.size(), m_i + 2);
  }
  static bool regex_allowed(const std::vector<Token>& out) {
    if (out.empty()) {
      return true;
    }
    const Token& t = out.back();
    if (t.kind == Token::Kind::ident) {
      return t.text == "return" || t.text == "typeof" || t.text == "case";
    }
    if (t.kind != Token::Kind::punct) {
      return false;
    }
    return t.text != ")" && t.text != "]" && t.text != "}";
  }
  void skip_regex() {
    ++m_i;
    bool in_class = false;
    while (m_i < m_s.size() && m_s[m_i] != '\n') {
      char c = m_s[m_i++];
      if (c == '\\') {
        ++m_i;
      } else if (c == '[') {
        in_class = true;
      } else if (c == ']') {
        in_class = false;
      } else if (c == '/' && !in_class) {
        break;
      }
    }
    while (m_i < m_s.size() && ident_char(m_s[m_i])) {
      ++m_i;
    }
  }
  char escaped() {
    char c = m_i < m_s.size() ? m_s[m_i++] : '\0';
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '\n':
        ++m_line;
        return '\0';
      default:
        return c;
    }
  }
  std::string quoted(char quote) {
    std::string out;
    ++m_i;
    while (m_i < m_s.size() && m_s[m_i] != quote && m_s[m_i] != '\n') {
      char c = m_s[m_i++];
      if (c == '\\') {
        if (char e = escaped()) {
          out += e;
        }
      } else {
        out += c;
      }
    }
    ++m_i;
    return out;
  }
  // The source of a `${…}` expression: balanced braces, with the strings,
  // templates and comments inside skipped as units.
  std::string expression() {
    std::size_t begin = m_i;
    int depth = 1;
    while (m_i < m_s.size()) {
      char c = m_s[m_i];
      if (c == '\'' || c == '"') {
        quoted(c);
      } else if (c == '`') {
        template_parts();
      } else if (c == '/' && peek(1) == '*') {
        skip_block_comment();
      } else {
        m_line += c == '\n';
        ++m_i;
        if (c == '{') {
          ++depth;
        } else if (c == '}' && --depth == 0) {
          return std::string(m_s.substr(begin, m_i - 1 - begin));
        }
      }
    }
    return std::string(m_s.substr(begin));
  }
  std::vector<Part> template_parts() {
    std::vector<Part> parts(1);
    ++m_i;
    while (m_i < m_s.size() && m_s[m_i] != '`') {
      char c = m_s[m_i++];
      if (c == '\\') {
        if (char e = escaped()) {
          parts.back().text += e;
        }
      } else if (c == '$' && m_i < m_s.size() && m_s[m_i] == '{') {
        ++m_i;
        parts.push_back({true, expression()});
        parts.push_back({});
      } else {
        m_line += c == '\n';
        parts.back().text += c;
      }
    }
    ++m_i;
    return parts;
  }

  std::string_view m_s;
  std::size_t m_i = 0;
  int m_line = 1;
};

}  // namespace

std::vector<Token> lex(std::string_view source) {
  return Lexer(source).run();
}

std::size_t TokenCursor::after_close(std::size_t open) const {
  int depth = 0;
  for (std::size_t i = open; i < m_t.size(); ++i) {
    if (m_t[i].kind != Token::Kind::punct) {
      continue;
    }
    const auto& p = m_t[i].text;
    if (p == "(" || p == "[" || p == "{") {
      ++depth;
    } else if ((p == ")" || p == "]" || p == "}") && --depth == 0) {
      return i + 1;
    }
  }
  return m_t.size();
}

std::size_t TokenCursor::statement_end(std::size_t begin) const {
  if (punct(begin, "{")) {
    return after_close(begin);
  }
  std::size_t end = begin;
  int depth = 0;
  while (end < m_t.size()) {
    if (punct(end, "(") || punct(end, "[") || punct(end, "{")) {
      ++depth;
    } else if (punct(end, ")") || punct(end, "]") || punct(end, "}")) {
      if (--depth < 0) {
        break;
      }
    } else if (depth == 0 && punct(end, ";")) {
      break;
    }
    if (depth == 0 && end + 1 < m_t.size() && m_t[end + 1].line > m_t[end].line &&
        !punct(end, "(") && !punct(end, ",")) {
      ++end;
      break;
    }
    ++end;
  }
  return end;
}

}  // namespace nts::workflow::js
