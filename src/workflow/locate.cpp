#include "workflow/locate.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace nts::workflow {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

SourceText::SourceText(std::string text) : m_text(std::move(text)) {
  m_line_starts.push_back(0);
  for (std::size_t i = 0; i < m_text.size(); ++i) {
    if (m_text[i] == '\n') {
      m_line_starts.push_back(i + 1);
    }
  }
}

std::size_t SourceText::offset_of_mark(int mark_line, int mark_column) const {
  if (mark_line < 0) {
    return 0;
  }
  auto line = static_cast<std::size_t>(mark_line);
  if (line >= m_line_starts.size()) {
    return m_text.size();
  }
  // yaml-cpp skips a UTF-8 byte order mark without counting it.
  std::size_t base = m_line_starts[line];
  if (line == 0 && m_text.rfind("\xEF\xBB\xBF", 0) == 0) {
    base += 3;
  }
  return std::min(m_text.size(), base + static_cast<std::size_t>(std::max(mark_column, 0)));
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

std::size_t SourceText::locate(int mark_line, int mark_column, std::string_view value,
                               std::size_t value_offset) const {
  std::size_t mark = offset_of_mark(mark_line, mark_column);
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
  offset = std::min(offset, m_text.size());
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

}  // namespace nts::workflow
