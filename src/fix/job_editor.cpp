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

void JobEditor::remove_entry(const Layout::Entry& parent, const Layout::Entry& entry,
                             const std::string& reason) {
  if (Layout::is_flow(parent.value)) {
    refuse("'" + parent.key.Scalar() + "' is a flow mapping; remove '" + entry.key.Scalar() +
           "' by hand");
    return;
  }
  auto lines = parent.value.size() == 1 ? layout.entry_lines(parent) : layout.entry_lines(entry);
  if (!lines) {
    refuse("'" + entry.key.Scalar() + "' does not start its own line");
    return;
  }
  remove_lines(*lines, reason);
}

void JobEditor::replace(std::size_t begin, std::size_t end, std::string text, std::string reason) {
  if (layout.shares_nodes(begin, end)) {
    refuse("the value to change is a YAML anchor or alias");
    return;
  }
  edits.push_back({begin, end, std::move(text), std::move(reason)});
}

std::optional<StepItem> step_item(JobEditor& e, std::size_t index, const std::string& what) {
  auto steps = Layout::entry(e.job.value, "steps");
  if (!steps || !steps->value.IsSequence() || Layout::is_flow(steps->value) ||
      index >= steps->value.size()) {
    e.refuse(what + " could not be located in a block list of steps");
    return std::nullopt;
  }
  StepItem step;
  step.node = steps->value[index];
  auto lines = e.layout.item_lines(step.node, &step.dash);
  if (!lines) {
    e.refuse(what + " does not start its own line");
    return std::nullopt;
  }
  step.lines = *lines;
  return step;
}

}  // namespace nts::fix
