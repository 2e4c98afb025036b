#include "fix/yaml_layout.hpp"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>

#include "yaml/limits.hpp"
#include "yaml/mark.hpp"

namespace nts::fix {
namespace {

// Collects where anchors, aliases and merge keys are, and counts documents.
class SharedNodes final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;
  int documents = 0;

  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { note(mark, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { marks.push_back(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    note(mark, anchor);
    if (value == "<<") {
      marks.push_back(mark);
    }
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    note(mark, anchor);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    note(mark, anchor);
  }
  void OnMapEnd() override {}
  void OnAnchor(const YAML::Mark& mark, const std::string&) override { marks.push_back(mark); }

 private:
  void note(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) {
      marks.push_back(mark);
    }
  }
};

}  // namespace

Layout::Layout(std::string text, YAML::Node root)
    : m_source(std::move(text)), m_lines(m_source.text()), m_root(std::move(root)) {}

std::optional<Layout> Layout::load(const std::string& path, std::string text, std::string* why) {
  if (auto limited = yaml::check_limits(path, text); !limited) {
    *why = limited.error().message;
    return std::nullopt;
  }
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    SharedNodes shared;
    while (parser.HandleNextDocument(shared)) {
    }
    if (shared.documents > 1) {
      *why = "the file holds " + std::to_string(shared.documents) + " YAML documents";
      return std::nullopt;
    }
    YAML::Node root = YAML::Load(text);
    Layout layout(std::move(text), std::move(root));
    for (const auto& mark : shared.marks) {
      layout.m_shared.push_back(layout.m_source.offset_of(yaml::mark_of(mark)));
    }
    std::sort(layout.m_shared.begin(), layout.m_shared.end());
    return layout;
  } catch (const YAML::Exception& e) {
    *why = "invalid YAML: " + e.msg;
    return std::nullopt;
  }
}

std::size_t Layout::offset(const YAML::Node& node) const {
  return m_source.offset_of(yaml::mark_of(node));
}

int Layout::column(const YAML::Node& node) const {
  auto at = offset(node);
  return static_cast<int>(at - m_lines.start(m_lines.line_of(at)));
}

bool Layout::is_flow(const YAML::Node& node) {
  return (node.IsMap() || node.IsSequence()) && node.Style() == YAML::EmitterStyle::Flow;
}

std::optional<Layout::Entry> Layout::entry(const YAML::Node& map, const std::string& key) {
  if (!map || !map.IsMap()) {
    return std::nullopt;
  }
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      return Entry{it->first, it->second};
    }
  }
  return std::nullopt;
}

std::size_t Layout::block_last_line(std::size_t line, int column) const {
  std::size_t last = line;
  for (std::size_t next = line + 1; next < m_lines.count(); ++next) {
    auto text = m_lines.text(next);
    auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) {
      continue;  // blank: belongs to whatever follows
    }
    if (static_cast<int>(first) <= column) {
      break;
    }
    if (m_lines.indent(next) >= 0) {
      last = next;  // comment-only lines count only when content follows
    }
  }
  return last;
}

std::optional<Layout::LineRange> Layout::entry_lines(const Entry& e) const {
  auto key_at = offset(e.key);
  auto line = m_lines.line_of(key_at);
  if (m_lines.indent(line) != column(e.key)) {
    return std::nullopt;
  }
  return LineRange{line, block_last_line(line, column(e.key))};
}

std::optional<Layout::LineRange> Layout::item_lines(const YAML::Node& item,
                                                    int* dash_column) const {
  auto at = offset(item);
  auto line = m_lines.line_of(at);
  auto text = m_lines.text(line);
  auto col = static_cast<std::size_t>(column(item));
  // The item's own dash: the last '-' before the content, with only spaces
  // and dashes (nested `- - x`) before it.
  auto dash = text.substr(0, std::min(col, text.size())).rfind('-');
  if (dash == std::string_view::npos ||
      text.substr(0, dash).find_first_not_of(' ') != std::string_view::npos) {
    return std::nullopt;
  }
  *dash_column = static_cast<int>(dash);
  return LineRange{line, block_last_line(line, *dash_column)};
}

std::optional<std::size_t> Layout::scalar_end(const YAML::Node& node) const {
  if (!node.IsScalar()) {
    return std::nullopt;
  }
  const auto& t = text();
  std::size_t begin = offset(node);
  auto eol = t.find('\n', begin);
  if (eol == std::string::npos) {
    eol = t.size();
  }
  if (begin < t.size() && (t[begin] == '"' || t[begin] == '\'')) {
    char quote = t[begin];
    for (std::size_t i = begin + 1; i < eol; ++i) {
      if (quote == '"' && t[i] == '\\') {
        ++i;
      } else if (t[i] == quote) {
        if (quote == '\'' && i + 1 < eol && t[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
    }
    return std::nullopt;
  }
  std::size_t end = begin;
  while (end < eol && t[end] != ',' && t[end] != ']' && t[end] != '}' && t[end] != '\r' &&
         !(t[end] == '#' && end > begin && (t[end - 1] == ' ' || t[end - 1] == '\t'))) {
    ++end;
  }
  while (end > begin && (t[end - 1] == ' ' || t[end - 1] == '\t')) {
    --end;
  }
  // A plain scalar whose text is its whole value is on one line (a block
  // scalar, a tag, an anchor or a continued plain scalar is not).
  if (end == begin || std::string_view(t).substr(begin, end - begin) != node.Scalar()) {
    return std::nullopt;
  }
  return end;
}

bool Layout::shares_nodes(std::size_t begin, std::size_t end) const {
  auto it = std::lower_bound(m_shared.begin(), m_shared.end(), begin);
  return it != m_shared.end() && *it < end;
}

}  // namespace nts::fix
