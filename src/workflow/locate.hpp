#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nts::workflow {

// 1-based line, column in code points, and the byte offset in the file.
struct Position {
  int line = 0;
  int column = 0;
  std::size_t offset = 0;
};

// The raw text of one workflow file. yaml-cpp only reports where a node
// starts (0-based line/column) and hands out decoded scalar values; this is
// the one place that maps a byte of a decoded value back to the file, through
// block scalar headers, indentation, folding, quotes and escapes.
class SourceText {
 public:
  explicit SourceText(std::string text);

  const std::string& text() const { return m_text; }

  // Byte offset of a yaml-cpp mark (0-based line and column).
  std::size_t offset_of_mark(int mark_line, int mark_column) const;

  // Byte offset in the file of byte `value_offset` of the decoded scalar
  // `value` whose node starts at the mark. Walks the raw text and the value
  // side by side, letting whitespace runs differ (indentation, folded line
  // breaks); when that fails, searches the fragment from the mark with the
  // same whitespace tolerance, and as a last resort returns the mark.
  std::size_t locate(int mark_line, int mark_column, std::string_view value,
                     std::size_t value_offset) const;

  Position position(std::size_t offset) const;
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

}  // namespace nts::workflow
