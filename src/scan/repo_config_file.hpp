#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"

namespace nts::scan {

// The text of the repository config (.npm-token-scan.yaml) a scan obeys.
struct ConfigFile {
  std::string source;  // for messages: the file on disk, or "REVISION:.npm-token-scan.yaml"
  std::string text;
  // The directory the findings' paths start from, relative to the config's
  // directory ("" or "packages/cli/"): config globs are relative to the root.
  std::string path_prefix;
};

// Where each mode reads the config (docs/configuration.md explains why):
enum class ConfigSide {
  scan_directory,  // work-tree scans: the work tree's root on disk (PATH itself outside git)
  work_tree,       // --staged, and --history with a work tree: the work tree's root on disk
  base,            // --range BASE..HEAD: BASE's tree, never the head a pull request controls
};

// The config for a scan of `path`; nullopt when there is none. `range` is the
// scan's "BASE..HEAD" (ConfigSide::base). A bare repository has no work tree:
// its HEAD's tree is read instead. Errors: unreadable file, bad range, unknown BASE.
core::Result<std::optional<ConfigFile>> find_repo_config(const std::string& path, ConfigSide side,
                                                         const std::string& range = {});

}  // namespace nts::scan
