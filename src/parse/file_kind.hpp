#pragma once

#include <string_view>

namespace nts::parse {

// What a file is, from its path alone; decides which parsers and rules apply.
enum class FileKind { npmrc, yarnrc, yarnrc_yml, package_json, lockfile, workflow, text };

FileKind classify_path(std::string_view path);
// A configuration file a package manager or CI runner reads (.npmrc, .yarnrc,
// .yarnrc.yml, a workflow, .env and .env.*): always scanned as text, whole,
// whatever NUL bytes it holds, because those tools still read it.
bool is_config_file(std::string_view path);

// The names rule files use in `files:` ("npmrc", "yarnrc-yml", ...).
std::string_view to_string(FileKind kind);

}  // namespace nts::parse
