#include "parse/npmrc.hpp"

#include "util/text.hpp"

namespace nts::parse {

const NpmrcEntry* NpmrcFile::find(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) {
      return &entry;
    }
  }
  return nullptr;
}

namespace {
bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

std::vector<EnvReference> find_env_references(std::string_view value) {
  std::vector<EnvReference> found;
  for (std::size_t at = value.find("${"); at != std::string_view::npos;
       at = value.find("${", at + 2)) {
    if (at > 0 && value[at - 1] == '\\') {
      continue;  // escaped: npm leaves it literal
    }
    auto close = value.find('}', at + 2);
    if (close == std::string_view::npos) {
      break;
    }
    auto inner = value.substr(at + 2, close - at - 2);
    EnvReference reference;
    reference.offset = at;
    reference.length = close + 1 - at;
    std::size_t name_end = 0;
    while (name_end < inner.size() && is_name_char(inner[name_end])) {
      ++name_end;
    }
    auto rest = inner.substr(name_end);
    if (name_end > 0 && (rest.substr(0, 2) == ":-" || rest.substr(0, 1) == "-")) {
      // Yarn's ${NAME:-fallback} / ${NAME-fallback}
      std::size_t skip = rest[0] == ':' ? 2 : 1;
      reference.name = std::string(inner.substr(0, name_end));
      reference.fallback_offset = at + 2 + name_end + skip;
      reference.fallback_length = inner.size() - name_end - skip;
    } else {
      auto name = inner;
      if (!name.empty() && name.back() == '?') {
        name.remove_suffix(1);  // npm's ${NAME?}: empty when unset
      }
      if (name.empty() || name.find_first_of("${ ") != std::string_view::npos) {
        continue;
      }
      reference.name = std::string(name);
    }
    found.push_back(std::move(reference));
    at = close - 1;
  }
  return found;
}

std::vector<std::pair<std::size_t, std::size_t>> literal_parts(
    std::string_view value, const std::vector<EnvReference>& references) {
  std::vector<std::pair<std::size_t, std::size_t>> parts;
  std::size_t at = 0;
  for (const auto& reference : references) {
    if (reference.offset > at) {
      parts.emplace_back(at, reference.offset - at);
    }
    if (reference.fallback_length > 0) {
      parts.emplace_back(reference.fallback_offset, reference.fallback_length);
    }
    at = reference.offset + reference.length;
  }
  if (at < value.size()) {
    parts.emplace_back(at, value.size() - at);
  }
  return parts;
}

std::vector<std::string> env_references(std::string_view value) {
  std::vector<std::string> names;
  for (auto& reference : find_env_references(value)) {
    names.push_back(std::move(reference.name));
  }
  return names;
}

bool is_env_reference(std::string_view value) {
  value = util::trim(value);
  auto references = find_env_references(value);
  return references.size() == 1 && references.front().offset == 0 &&
         references.front().length == value.size() && references.front().fallback_length == 0;
}

NpmrcFile parse_npmrc(std::string_view text) {
  NpmrcFile file;
  std::size_t line_start = 0;
  int line_number = 0;
  while (line_start <= text.size()) {
    ++line_number;
    auto line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      line_end = text.size();
    }
    std::string_view line = text.substr(line_start, line_end - line_start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line_number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") {
      line.remove_prefix(3);
      line_start += 3;
    }
    auto first = line.find_first_not_of(" \t");
    bool comment = first == std::string_view::npos || line[first] == '#' || line[first] == ';' ||
                   line[first] == '[';
    auto eq = line.find('=');
    if (!comment && eq != std::string_view::npos && eq > first) {
      NpmrcEntry entry;
      entry.line = line_number;
      std::string_view key = util::trim(line.substr(first, eq - first));
      entry.key_offset = line_start + first;
      // Registry-scoped keys: "//host/path/:_authToken" -> scope + key.
      if (key.substr(0, 2) == "//") {
        auto colon = key.rfind(':');
        if (colon != std::string_view::npos && colon > 2) {
          entry.scope = std::string(key.substr(0, colon));
          key = key.substr(colon + 1);
        }
      }
      entry.key = std::string(key);
      std::size_t value_begin = eq + 1;
      while (value_begin < line.size() && (line[value_begin] == ' ' || line[value_begin] == '\t')) {
        ++value_begin;
      }
      std::string_view value = line.substr(value_begin);
      // npm strips a trailing comment only when preceded by whitespace.
      for (std::size_t i = 1; i < value.size(); ++i) {
        if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
          value = value.substr(0, i);
          break;
        }
      }
      value = util::trim(value);
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
        ++value_begin;
      }
      entry.value = std::string(value);
      entry.value_offset = line_start + value_begin;
      entry.env_references = env_references(value);
      file.entries.push_back(std::move(entry));
    }
    if (line_end == text.size()) {
      break;
    }
    line_start = line_end + 1;
  }
  return file;
}

}  // namespace nts::parse
