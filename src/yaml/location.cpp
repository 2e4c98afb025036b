#include "yaml/location.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace nts::yaml {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::size_t offset_of(std::string_view text, Mark mark) {
  if (mark.line < 0) {
    return 0;
  }
  std::size_t at = 0;
  for (int i = 0; i < mark.line; ++i) {
    auto next = text.find('\n', at);
    if (next == std::string_view::npos) {
      return text.size();
    }
    at = next + 1;
  }
  // yaml-cpp skips a UTF-8 byte order mark without counting it.
  if (mark.line == 0 && text.substr(0, k_utf8_bom.size()) == k_utf8_bom) {
    at += k_utf8_bom.size();
  }
  return std::min(text.size(), at + static_cast<std::size_t>(std::max(mark.column, 0)));
}

std::string line_text(std::string_view text, int line) {
  if (line <= 0) {
    return {};
  }
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) {
      return {};
    }
    ++start;
  }
  if (line == 1 && text.substr(0, k_utf8_bom.size()) == k_utf8_bom) {
    start = k_utf8_bom.size();
  }
  auto end = text.find('\n', start);
  auto out = text.substr(start, end == std::string_view::npos ? end : end - start);
  if (!out.empty() && out.back() == '\r') {
    out.remove_suffix(1);
  }
  return std::string(out);
}

core::Error error_at(std::string_view path, std::string_view text, Mark mark, std::string message,
                     std::string hint) {
  core::Error error;
  error.message = std::move(message);
  error.hint = std::move(hint);
  int line = line_number(mark);
  int column = 0;
  if (line > 0) {
    error.excerpt = line_text(text, line);
    // The column in code points, as every location counts (the mark's is bytes).
    std::size_t line_start = offset_of(text, Mark{mark.line, 0});
    std::size_t at = offset_of(text, mark);
    column = mark.column >= 0
                 ? util::count_code_points(text.substr(line_start, at - line_start)) + 1
                 : 0;
  }
  error.location = core::Location{std::string(path), line, column};
  return error;
}

SourceText::SourceText(std::string text) : m_text(std::move(text)) {
  // Line 1 starts after a byte order mark: yaml-cpp and editors do not count it.
  m_line_starts.push_back(m_text.rfind(k_utf8_bom, 0) == 0 ? k_utf8_bom.size() : 0);
  for (std::size_t i = 0; i < m_text.size(); ++i) {
    if (m_text[i] == '\n') {
      m_line_starts.push_back(i + 1);
    }
  }
}

std::size_t SourceText::offset_of(Mark mark) const {
  if (mark.line < 0) {
    return 0;
  }
  auto line = static_cast<std::size_t>(mark.line);
  if (line >= m_line_starts.size()) {
    return m_text.size();
  }
  return std::min(m_text.size(),
                  m_line_starts[line] + static_cast<std::size_t>(std::max(mark.column, 0)));
}

std::size_t SourceText::offset_at(int line, int column) const {
  if (line < 1) {
    return 0;
  }
  if (static_cast<std::size_t>(line) > m_line_starts.size()) {
    return m_text.size();
  }
  std::size_t at = m_line_starts[static_cast<std::size_t>(line) - 1];
  for (int i = 1; i < column && at < m_text.size() && m_text[at] != '\n'; ++i) {
    at += util::code_point_length(m_text, at);
  }
  return at;
}

// Where the value's first byte is: after anchors/tags, after the block scalar
// header line, after an opening quote.
std::size_t SourceText::content_start(std::size_t at, char* quote) const {
  *quote = '\0';
  const auto& t = m_text;
  while (at < t.size() && (t[at] == '&' || t[at] == '!')) {
    while (at < t.size() && !is_space(t[at])) {
      ++at;
    }
    while (at < t.size() && is_space(t[at])) {
      ++at;
    }
  }
  if (at < t.size() && (t[at] == '|' || t[at] == '>')) {
    auto eol = t.find('\n', at);
    return eol == std::string::npos ? t.size() : eol + 1;
  }
  if (at < t.size() && (t[at] == '"' || t[at] == '\'')) {
    *quote = t[at];
    return at + 1;
  }
  return at;
}

std::size_t SourceText::walk(std::size_t j, char quote, std::string_view value,
                             std::size_t value_offset, bool* ok) const {
  const auto& raw = m_text;
  std::size_t i = 0;
  auto skip_raw_space = [&] {
    while (j < raw.size()) {
      if (is_space(raw[j])) {
        ++j;
      } else if (quote == '"' && raw[j] == '\\' && j + 1 < raw.size() &&
                 (raw[j + 1] == 'n' || raw[j + 1] == 't' || raw[j + 1] == '\n')) {
        j += 2;  // an escaped line break or tab stands for whitespace in the value
      } else {
        break;
      }
    }
  };
  if (value.empty() || !is_space(value[0])) {
    skip_raw_space();
  }
  *ok = true;
  while (i < value_offset && i < value.size()) {
    if (j >= raw.size()) {
      *ok = false;
      return raw.size();
    }
    char d = value[i];
    char r = raw[j];
    if (is_space(d)) {
      while (i < value.size() && is_space(value[i])) {
        ++i;
      }
      skip_raw_space();
    } else if (d == r && !(quote == '\'' && r == '\'')) {
      ++i;
      ++j;
    } else if (quote == '"' && r == '\\' && j + 1 < raw.size()) {
      // One escape, one decoded character (\x.., \u.... are rare in workflows).
      j += 2;
      ++i;
    } else if (quote == '\'' && r == '\'' && j + 1 < raw.size() && raw[j + 1] == '\'') {
      j += 2;
      ++i;
    } else {
      *ok = false;
      return j;
    }
  }
  if (value_offset < value.size() && !is_space(value[value_offset])) {
    skip_raw_space();
  }
  return j;
}

std::size_t SourceText::search(std::size_t start, std::string_view fragment, bool* ok) const {
  *ok = false;
  // Whitespace-tolerant search, as zizmor's subfeature does: every whitespace
  // run of the fragment matches any non-empty whitespace run of the file.
  auto words_end = fragment.find('\n');
  fragment = fragment.substr(0, std::min<std::size_t>(words_end, 80));
  while (!fragment.empty() && is_space(fragment.back())) {
    fragment.remove_suffix(1);
  }
  if (fragment.empty()) {
    return start;
  }
  for (std::size_t from = start; from < m_text.size(); ++from) {
    if (m_text[from] != fragment[0]) {
      continue;
    }
    std::size_t i = 0;
    std::size_t j = from;
    while (i < fragment.size() && j < m_text.size()) {
      if (is_space(fragment[i])) {
        if (!is_space(m_text[j])) {
          break;
        }
        while (i < fragment.size() && is_space(fragment[i])) {
          ++i;
        }
        while (j < m_text.size() && is_space(m_text[j])) {
          ++j;
        }
      } else if (fragment[i] == m_text[j]) {
        ++i;
        ++j;
      } else {
        break;
      }
    }
    if (i == fragment.size()) {
      *ok = true;
      return from;
    }
  }
  return start;
}

std::size_t SourceText::locate(Mark node, std::string_view value, std::size_t value_offset) const {
  std::size_t mark = offset_of(node);
  char quote = '\0';
  std::size_t start = content_start(mark, &quote);
  bool ok = false;
  std::size_t at = walk(start, quote, value, value_offset, &ok);
  if (ok) {
    return at;
  }
  if (value_offset < value.size()) {
    at = search(start, value.substr(value_offset), &ok);
    if (ok) {
      return at;
    }
  }
  return mark;
}

Position SourceText::position(std::size_t offset) const {
  offset = std::clamp(offset, m_line_starts.front(), m_text.size());
  auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  auto line = static_cast<std::size_t>(it - m_line_starts.begin());  // 1-based
  std::size_t start = m_line_starts[line - 1];
  Position p;
  p.line = static_cast<int>(line);
  p.column = util::count_code_points(std::string_view(m_text).substr(start, offset - start)) + 1;
  p.offset = offset;
  return p;
}

std::string_view SourceText::line_text(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > m_line_starts.size()) {
    return {};
  }
  std::size_t start = m_line_starts[static_cast<std::size_t>(line) - 1];
  auto end = m_text.find('\n', start);
  std::string_view text = std::string_view(m_text).substr(
      start, end == std::string::npos ? std::string::npos : end - start);
  if (!text.empty() && text.back() == '\r') {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace nts::yaml
