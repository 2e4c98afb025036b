#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "fix/text_edit.hpp"
#include "yaml/location.hpp"

namespace nts::fix {

// One workflow file as text and as yaml-cpp's tree, with what the tree hides:
// where anchors, aliases and merge keys are, and how many documents the file
// holds. Every edit is planned from node marks into the original bytes; the
// tree is never written back.
class Layout {
 public:
  // Parses `text` (after yaml::check_limits). nullopt with `*why` when it
  // does not parse or holds more than one document.
  static std::optional<Layout> load(const std::string& path, std::string text, std::string* why);

  const std::string& text() const { return m_source.text(); }
  const Lines& lines() const { return m_lines; }
  const YAML::Node& root() const { return m_root; }

  // Byte offset where a node starts (a key, a value, a sequence item's content).
  std::size_t offset(const YAML::Node& node) const;
  std::size_t line(const YAML::Node& node) const { return m_lines.line_of(offset(node)); }
  int column(const YAML::Node& node) const;
  static bool is_flow(const YAML::Node& node);

  // The key and value nodes of `key` in mapping `map` (nullopt when absent).
  struct Entry {
    YAML::Node key;
    YAML::Node value;
  };
  static std::optional<Entry> entry(const YAML::Node& map, const std::string& key);

  // The last line of a block-style node that starts on `line` at `column`:
  // every following line indented deeper (or blank) belongs to it; trailing
  // blank and comment lines do not.
  std::size_t block_last_line(std::size_t line, int column) const;

  // The whole lines of a block mapping entry whose key starts its line; nullopt
  // when something else precedes the key on its line (a `- ` or a flow brace).
  struct LineRange {
    std::size_t first = 0;
    std::size_t last = 0;
  };
  std::optional<LineRange> entry_lines(const Entry& entry) const;
  // The lines of a block sequence item (from its `- `) and the dash's column.
  std::optional<LineRange> item_lines(const YAML::Node& item, int* dash_column) const;

  // End offset of a scalar written on one line from offset(node) (quoted:
  // past the closing quote; plain: before a comment, the line end, or, in a
  // flow collection, a ',' ']' or '}'). nullopt for anything else.
  std::optional<std::size_t> scalar_end(const YAML::Node& node) const;

  // Whether an anchor, alias or merge key sits in [begin, end): text there may
  // be shared with other nodes, so fix does not edit it.
  bool shares_nodes(std::size_t begin, std::size_t end) const;

  // Byte range of the lines [first, last], line breaks included.
  std::size_t line_start(std::size_t line) const { return m_lines.start(line); }
  std::size_t line_end(std::size_t line) const { return m_lines.end(line); }

 private:
  Layout(std::string text, YAML::Node root);

  yaml::SourceText m_source;
  Lines m_lines;
  YAML::Node m_root;
  std::vector<std::size_t> m_shared;  // offsets of anchors, aliases and `<<` keys
};

}  // namespace nts::fix
