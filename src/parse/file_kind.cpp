#include "parse/file_kind.hpp"

#include "util/enum_table.hpp"

namespace nts::parse {
namespace {
bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}
}  // namespace

FileKind classify_path(std::string_view path) {
  auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string_view dir =
      slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
  if (name == ".npmrc" || name == "npmrc" || ends_with(name, ".npmrc")) {
    return FileKind::npmrc;
  }
  if (name == ".yarnrc") {
    return FileKind::yarnrc;
  }
  if (name == ".yarnrc.yml" || name == ".yarnrc.yaml") {
    return FileKind::yarnrc_yml;
  }
  if (name == "package.json") {
    return FileKind::package_json;
  }
  if (name == "package-lock.json" || name == "npm-shrinkwrap.json" || name == "yarn.lock" ||
      name == "pnpm-lock.yaml" || name == "bun.lock") {
    return FileKind::lockfile;
  }
  if ((dir == ".github/workflows" || ends_with(dir, "/.github/workflows")) &&
      (ends_with(name, ".yml") || ends_with(name, ".yaml"))) {
    return FileKind::workflow;
  }
  return FileKind::text;
}

bool is_config_file(std::string_view path) {
  switch (classify_path(path)) {
    case FileKind::npmrc:
    case FileKind::yarnrc:
    case FileKind::yarnrc_yml:
    case FileKind::workflow:
      return true;
    default:
      break;
  }
  auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name == ".env" || name.substr(0, 5) == ".env.";
}

namespace {
constexpr util::EnumTable<FileKind, 7> k_file_kinds{{{
    {FileKind::text, "text"},
    {FileKind::npmrc, "npmrc"},
    {FileKind::yarnrc, "yarnrc"},
    {FileKind::yarnrc_yml, "yarnrc-yml"},
    {FileKind::package_json, "package-json"},
    {FileKind::lockfile, "lockfile"},
    {FileKind::workflow, "workflow"},
}}};
}  // namespace

std::string_view to_string(FileKind kind) {
  return k_file_kinds.name(kind);
}

}  // namespace nts::parse
