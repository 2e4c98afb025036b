#include "parse/yarnrc.hpp"

#include <yaml-cpp/yaml.h>

#include "util/text.hpp"
#include "yaml/limits.hpp"

namespace nts::parse {
namespace {

// yaml-cpp gives the node's start mark; find the exact value bytes from there
// (a quoted scalar starts one byte later than its mark).
std::size_t locate_value(std::string_view text, const YAML::Node& node) {
  std::size_t at = offset_of(text, node.Mark().line, node.Mark().column);
  auto found = text.find(node.Scalar(), at);
  auto line_end = text.find('\n', at);
  if (found != std::string_view::npos && (line_end == std::string_view::npos || found < line_end)) {
    return found;
  }
  return at;
}

void collect(std::string_view text, const YAML::Node& map, const std::string& where,
             std::vector<YarnAuthEntry>& out) {
  for (const char* key : {"npmAuthToken", "npmAuthIdent"}) {
    auto value = map[key];
    if (value && value.IsScalar()) {
      YarnAuthEntry entry;
      entry.where = where;
      entry.key = key;
      entry.value = value.Scalar();
      entry.value_offset = locate_value(text, value);
      entry.line = value.Mark().line + 1;
      out.push_back(std::move(entry));
    }
  }
}

}  // namespace

std::size_t offset_of(std::string_view text, int line, int column) {
  std::size_t at = 0;
  for (int i = 0; i < line && at < text.size(); ++i) {
    auto next = text.find('\n', at);
    if (next == std::string_view::npos) {
      return text.size();
    }
    at = next + 1;
  }
  return std::min(text.size(), at + static_cast<std::size_t>(std::max(column, 0)));
}

core::Result<std::vector<YarnAuthEntry>> parse_yarnrc_yml(std::string_view text) {
  std::vector<YarnAuthEntry> out;
  if (auto limited = yaml::check_limits("", text); !limited) {
    return limited.error();
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) {
      return out;
    }
    collect(text, root, "", out);
    for (const char* section : {"npmScopes", "npmRegistries"}) {
      auto map = root[section];
      if (!map || !map.IsMap()) {
        continue;
      }
      for (const auto& item : map) {
        if (item.second.IsMap()) {
          collect(text, item.second, std::string(section) + "." + item.first.Scalar(), out);
        }
      }
    }
  } catch (const YAML::Exception& e) {
    core::Error error;
    error.message = "invalid YAML: " + e.msg;
    error.location = core::Location{"", e.mark.line + 1, e.mark.column + 1};
    return error;
  }
  return out;
}

std::vector<YarnAuthEntry> parse_yarnrc(std::string_view text) {
  std::vector<YarnAuthEntry> out;
  std::size_t line_start = 0;
  int line = 0;
  while (line_start < text.size()) {
    ++line;
    auto line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      line_end = text.size();
    }
    std::string_view row = text.substr(line_start, line_end - line_start);
    auto first = row.find_first_not_of(" \t");
    if (first != std::string_view::npos && row[first] != '#') {
      // key: bare word or "quoted"; value: the rest, optionally quoted.
      std::size_t key_end;
      std::string_view key;
      if (row[first] == '"') {
        key_end = row.find('"', first + 1);
        if (key_end == std::string_view::npos) {
          key_end = row.size();
        }
        key = row.substr(first + 1, key_end - first - 1);
        ++key_end;
      } else {
        key_end = row.find_first_of(" \t", first);
        if (key_end == std::string_view::npos) {
          key_end = row.size();
        }
        key = row.substr(first, key_end - first);
      }
      auto colon = key.rfind(':');
      std::string_view setting = colon == std::string_view::npos ? key : key.substr(colon + 1);
      if (setting == "_authToken" || setting == "_auth" || setting == "_password" ||
          setting == "npmAuthToken") {
        std::size_t value_begin =
            key_end < row.size() ? row.find_first_not_of(" \t", key_end) : row.npos;
        if (value_begin != std::string_view::npos) {
          std::string_view value = util::trim(row.substr(value_begin));
          if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
            ++value_begin;
          }
          YarnAuthEntry entry;
          entry.where = std::string(colon == std::string_view::npos ? std::string_view{}
                                                                    : key.substr(0, colon));
          entry.key = std::string(setting);
          entry.value = std::string(value);
          entry.value_offset = line_start + value_begin;
          entry.line = line;
          out.push_back(std::move(entry));
        }
      }
    }
    line_start = line_end + 1;
  }
  return out;
}

}  // namespace nts::parse
