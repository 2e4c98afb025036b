#include "fix/job_editor.hpp"

namespace nts::fix {

void JobEditor::insert_line(std::size_t line, const std::string& text, std::string reason) {
  const auto& all = layout.text();
  std::size_t at = line < layout.lines().count() ? layout.line_start(line) : all.size();
  std::string newline(layout.lines().newline());
  std::string inserted = text + newline;
  if (at == all.size() && !all.empty() && all.back() != '\n') {
    inserted = newline + text;  // after a last line without a line break
  }
  // Lines inserted at one place for one reason are one edit.
  if (!edits.empty() && edits.back().begin == at && edits.back().end == at &&
      edits.back().reason == reason && !edits.back().text.empty() &&
      edits.back().text.back() == '\n') {
    edits.back().text += inserted;
    return;
  }
  edits.push_back({at, at, std::move(inserted), std::move(reason)});
}

void JobEditor::remove_lines(const Layout::LineRange& lines, std::string reason) {
  auto begin = layout.line_start(lines.first);
  auto end = layout.line_end(lines.last);
  if (layout.shares_nodes(begin, end)) {
    refuse("the lines to remove hold a YAML anchor, alias or merge key");
    return;
  }
  edits.push_back({begin, end, "", std::move(reason)});
}

void JobEditor::replace(std::size_t begin, std::size_t end, std::string text, std::string reason) {
  if (layout.shares_nodes(begin, end)) {
    refuse("the value to change is a YAML anchor or alias");
    return;
  }
  edits.push_back({begin, end, std::move(text), std::move(reason)});
}

}  // namespace nts::fix
