#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nts::fix {

// One change to a file's bytes: [begin, end) becomes `text`. Every edit `fix`
// makes is one of these on the original text, so whatever it does not touch
// (comments, quoting, indentation, line endings, anchors) stays byte for byte.
struct TextEdit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
  std::string reason;  // for people: why this change, shown in text and JSON output
};

// The edits applied to `original`, in offset order. Edits must not overlap
// (an insertion at the same offset as another edit's start is allowed; the
// order of the list decides). Returns false and leaves `out` alone when they
// overlap or run past the end.
bool apply_edits(std::string_view original, std::vector<TextEdit> edits, std::string* out);

// A unified diff of `before` -> `after` for `path` (a/ and b/ prefixes, three
// lines of context) that `git apply` accepts; empty when they are equal. Lines
// keep their own endings (CRLF stays CRLF); a last line without a line break
// gets git's "\ No newline at end of file".
std::string unified_diff(const std::string& path, std::string_view before, std::string_view after);

// Line helpers over raw text (0-based lines, offsets into the text).
class Lines {
 public:
  explicit Lines(std::string_view text);
  std::size_t count() const { return m_starts.size(); }
  std::size_t start(std::size_t line) const { return m_starts[line]; }
  // The offset just past the line's line break (the next line's start).
  std::size_t end(std::size_t line) const;
  std::size_t line_of(std::size_t offset) const;
  // The line without its line break ("\n" or "\r\n").
  std::string_view text(std::size_t line) const;
  // Leading spaces; -1 for a blank line or a comment-only line.
  int indent(std::size_t line) const;
  // "\r\n" when the file's first line break is one, else "\n".
  std::string_view newline() const { return m_crlf ? "\r\n" : "\n"; }

 private:
  std::string_view m_text;
  std::vector<std::size_t> m_starts;
  bool m_crlf = false;
};

}  // namespace nts::fix
