#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace nts::yaml {

// The one place that turns where yaml-cpp says something is into the
// program's locations, and back: yaml-cpp reports a 0-based line and a
// 0-based column counted in bytes after a UTF-8 byte order mark, which it
// skips; the program shows 1-based lines and columns counted in code points
// (core::Location), and locates findings by byte offset.

// A yaml-cpp mark (a node's start or an error's place); -1 when unknown.
struct Mark {
  int line = -1;
  int column = -1;
};

// 1-based line, column in code points (a byte order mark counts, as it does
// for the detector), and the byte offset in the file.
struct Position {
  int line = 0;
  int column = 0;
  std::size_t offset = 0;
};

inline constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

// The 1-based line of a mark, 0 when unknown.
inline int line_number(Mark mark) {
  return mark.line >= 0 ? mark.line + 1 : 0;
}

// Byte offset of a mark in `text`, clamped to the text.
std::size_t offset_of(std::string_view text, Mark mark);

// Line `line` (1-based) of `text` without its line ending, for error excerpts;
// empty past the end.
std::string line_text(std::string_view text, int line);

// An error a person can act on at a mark of the YAML file `path` holding
// `text`: "path:line:col: message", the offending line with a caret under the
// column, and the hint. An unknown mark gives a file-level error.
core::Error error_at(std::string_view path, std::string_view text, Mark mark, std::string message,
                     std::string hint = {});

// The raw text of one YAML file with its line index. yaml-cpp only reports
// where a node starts and hands out decoded scalar values; this maps a mark,
// and a byte of a decoded value, back to the file, through block scalar
// headers, indentation, folding, quotes and escapes.
class SourceText {
 public:
  explicit SourceText(std::string text);

  const std::string& text() const { return m_text; }

  // Byte offset of a mark, clamped to the text.
  std::size_t offset_of(Mark mark) const;
  // Byte offset of a 1-based line and code-point column: position()'s inverse.
  std::size_t offset_at(int line, int column) const;

  // Byte offset in the file of byte `value_offset` of the decoded scalar
  // `value` whose node starts at `mark`. Walks the raw text and the value
  // side by side, letting whitespace runs differ (indentation, folded line
  // breaks); when that fails, searches the fragment from the mark with the
  // same whitespace tolerance, and as a last resort returns the mark.
  std::size_t locate(Mark mark, std::string_view value, std::size_t value_offset) const;

  Position position(std::size_t offset) const;
  Position position(Mark mark) const { return position(offset_of(mark)); }
  // The line's text without its line break (line is 1-based).
  std::string_view line_text(int line) const;

 private:
  std::size_t content_start(std::size_t mark, char* quote) const;
  std::size_t walk(std::size_t start, char quote, std::string_view value, std::size_t value_offset,
                   bool* ok) const;
  std::size_t search(std::size_t start, std::string_view fragment, bool* ok) const;

  std::string m_text;
  std::vector<std::size_t> m_line_starts;
};

}  // namespace nts::yaml
