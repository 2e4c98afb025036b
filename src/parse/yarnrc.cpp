#include "parse/yarnrc.hpp"

#include <yaml-cpp/yaml.h>

#include "util/text.hpp"
#include "yaml/limits.hpp"
#include "yaml/mark.hpp"

namespace nts::parse {
namespace {

struct Span {
  std::size_t offset = 0;
  std::size_t length = 0;
  bool encoded = false;
};

std::size_t indentation_of_line_at(std::string_view text, std::size_t at) {
  auto start = text.rfind('\n', at == 0 ? 0 : at - 1);
  start = start == std::string_view::npos || at == 0 ? 0 : start + 1;
  auto first = text.find_first_not_of(' ', start);
  return first == std::string_view::npos ? 0 : first - start;
}

// Where a scalar that is not written as it reads ends: a quoted scalar at its
// closing quote, a block or multi-line plain scalar after the last line
// indented deeper than the line it starts on.
std::size_t encoded_end(std::string_view text, std::size_t at) {
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
    char quote = text[at];
    for (std::size_t i = at + 1; i < text.size(); ++i) {
      if (quote == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;  // '' is an escaped quote
          continue;
        }
        return i + 1;
      }
    }
    return text.size();
  }
  std::size_t indent = indentation_of_line_at(text, at);
  std::size_t end = text.find('\n', at);
  while (end != std::string_view::npos && end + 1 < text.size()) {
    auto next_end = text.find('\n', end + 1);
    auto line = text.substr(
        end + 1, (next_end == std::string_view::npos ? text.size() : next_end) - end - 1);
    auto first = line.find_first_not_of(" \r");
    if (first != std::string_view::npos && first <= indent) {
      break;  // a sibling key: the scalar ended
    }
    end = next_end;
  }
  return end == std::string_view::npos ? text.size() : end;
}

// yaml-cpp gives the node's start mark; find the exact value bytes from there
// (a quoted scalar starts one byte later than its mark). A scalar whose text is
// not on its line as it reads (escapes, continuations) spans what was written.
Span locate_value(std::string_view text, const YAML::Node& node) {
  std::size_t at = yaml::offset_of(text, yaml::mark_of(node));
  const std::string& scalar = node.Scalar();
  auto found = text.find(scalar, at);
  auto line_end = text.find('\n', at);
  if (found != std::string_view::npos && (line_end == std::string_view::npos || found < line_end)) {
    return {found, scalar.size(), false};
  }
  if (scalar.empty()) {
    return {at, 0, false};
  }
  return {at, encoded_end(text, at) - at, true};
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
      auto span = locate_value(text, value);
      entry.value_offset = span.offset;
      entry.value_length = span.length;
      entry.encoded = span.encoded;
      entry.line = yaml::line_of(value);
      out.push_back(std::move(entry));
    }
  }
}

}  // namespace

core::Result<std::vector<YarnAuthEntry>> parse_yarnrc_yml(std::string_view text) {
  std::vector<YarnAuthEntry> out;
  // A .yarnrc.yml line may hold the token itself: its errors carry no excerpt.
  auto without_excerpt = [](core::Error error) {
    error.excerpt.clear();
    return error;
  };
  if (auto limited = yaml::check_limits("", text); !limited) {
    return without_excerpt(limited.error());
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
    return without_excerpt(
        yaml::error_at("", text, yaml::mark_of(e.mark), "invalid YAML: " + e.msg));
  }
  return out;
}

core::Result<YarnRegistries> parse_yarnrc_registries(std::string_view text) {
  YarnRegistries out;
  if (auto limited = yaml::check_limits("", text); !limited) {
    return limited.error();
  }
  auto scalar = [](const YAML::Node& map, const char* key) {
    auto node = map[key];
    return node && node.IsScalar() ? node.Scalar() : std::string();
  };
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) {
      return out;
    }
    out.publish_registry = scalar(root, "npmPublishRegistry");
    out.registry_server = scalar(root, "npmRegistryServer");
    if (auto scopes = root["npmScopes"]; scopes && scopes.IsMap()) {
      for (const auto& item : scopes) {
        if (item.second.IsMap()) {
          if (auto url = scalar(item.second, "npmPublishRegistry"); !url.empty()) {
            out.scope_publish_registry[item.first.Scalar()] = url;
          }
        }
      }
    }
  } catch (const YAML::Exception& e) {
    return yaml::error_at("", text, yaml::mark_of(e.mark), "invalid YAML: " + e.msg);
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
          entry.value_length = value.size();
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
