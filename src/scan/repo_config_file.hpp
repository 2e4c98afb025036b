#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

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
  head_tree,       // org: HEAD's tree, the commit it scans (a mirror has no work tree)
};

// The config for a scan of `path`; nullopt when there is none. `range` is the
// scan's "BASE..HEAD" (ConfigSide::base). A bare repository has no work tree:
// its HEAD's tree is read instead. Errors: unreadable file, bad range, unknown BASE.
core::Result<std::optional<ConfigFile>> find_repo_config(const std::string& path, ConfigSide side,
                                                         const std::string& range = {});

// Files the user names on the command line (--baseline FILE, --rules DIR)
// that lie inside the scanned repository came with its contents: in a range
// scan a pull request could rewrite them, so they are read from BASE, as the
// config is (docs/action-and-hook.md).
struct RepositoryPath {
  std::string relative;  // from the work tree's root, '/'-separated ("" for the root)
};
// Where `named` (relative to the current directory, or absolute) lies in the
// repository holding `scan_path`; nullopt when it is outside it, or there is
// no repository.
std::optional<RepositoryPath> path_in_repository(const std::string& scan_path,
                                                 const std::string& named);

// The range's BASE as the user wrote it ("origin/main" of "origin/main..HEAD").
std::string range_base_name(const std::string& range);

// The file at `relative` in the range's BASE (the part before ".."): nullopt
// when BASE has no such file. Shown in messages as "BASE:relative".
core::Result<std::optional<std::string>> read_at_range_base(const std::string& scan_path,
                                                            const std::string& range,
                                                            const std::string& relative,
                                                            std::size_t max_bytes);

// The *.yaml and *.yml files directly in directory `relative` of the range's
// BASE, sorted: (shown name "BASE:dir/file.yaml", text).
core::Result<std::vector<std::pair<std::string, std::string>>> rule_files_at_range_base(
    const std::string& scan_path, const std::string& range, const std::string& relative);

}  // namespace nts::scan
