#include "scan/repo_config_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "git/blob_source.hpp"
#include "git/repository.hpp"
#include "git/tree_view.hpp"

namespace nts::scan {
namespace {

namespace fs = std::filesystem;

const char* const k_name = ".npm-token-scan.yaml";

core::Result<std::optional<ConfigFile>> from_revision(const git::Repository& repo,
                                                      const std::string& revision) {
  auto text = git::read_file_at(repo, revision, k_name);
  if (!text) {
    return text.error();
  }
  if (!*text) {
    return std::optional<ConfigFile>();
  }
  return std::optional<ConfigFile>(ConfigFile{revision + ":" + k_name, std::move(**text), ""});
}

// `dir` (the config's directory) as the user would reach it from `scan_path`.
core::Result<std::optional<ConfigFile>> from_disk(const fs::path& dir, const fs::path& scan_dir,
                                                  const fs::path& shown_scan_dir,
                                                  bool paths_from_scan_dir) {
  std::error_code ec;
  auto file = dir / k_name;
  if (!fs::is_regular_file(file, ec)) {
    return std::optional<ConfigFile>();
  }
  auto shown = (shown_scan_dir / fs::relative(dir, scan_dir, ec) / k_name).lexically_normal();
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    core::Error error;
    error.message = "cannot read the repository config";
    error.kind = core::ErrorKind::runtime;
    error.location = core::Location{shown.generic_string(), 0, 0};
    return error;
  }
  std::string prefix;
  if (paths_from_scan_dir) {
    prefix = fs::relative(scan_dir, dir, ec).generic_string();
    prefix = prefix == "." || prefix.empty() ? "" : prefix + "/";
  }
  return std::optional<ConfigFile>(ConfigFile{shown.generic_string(), text.str(), prefix});
}

}  // namespace

core::Result<std::optional<ConfigFile>> find_repo_config(const std::string& path, ConfigSide side,
                                                         const std::string& range) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return std::optional<ConfigFile>();  // the scan says the path does not exist
  }
  fs::path scan_dir = path;
  fs::path shown_scan_dir = path;
  if (fs::is_regular_file(scan_dir, ec)) {
    scan_dir = scan_dir.parent_path();  // a single file: its findings are named from its directory
    shown_scan_dir = shown_scan_dir.parent_path();
  }
  if (scan_dir.empty()) {
    scan_dir = ".";
  }
  scan_dir = fs::weakly_canonical(scan_dir, ec);
  auto repo = git::Repository::discover(scan_dir.string());
  if (!repo && side != ConfigSide::scan_directory) {
    return repo.error();
  }
  // A repository that cannot be opened: the work-tree scan walks the directory
  // instead (and says so), and so does this.
  if (!repo || !repo->has_value()) {
    if (side != ConfigSide::scan_directory) {
      return std::optional<ConfigFile>();  // git modes need a repository: the scan says so
    }
    return from_disk(scan_dir, scan_dir, shown_scan_dir, true);  // a plain directory
  }
  const git::Repository& git_repo = **repo;
  if (side == ConfigSide::base) {
    auto ends = git::parse_range(range);
    if (!ends) {
      return ends.error();
    }
    return from_revision(git_repo, ends->first);
  }
  if (git_repo.is_bare()) {
    if (!git_repo.head_commit()) {
      return std::optional<ConfigFile>();
    }
    return from_revision(git_repo, "HEAD");
  }
  std::string workdir = git_repo.workdir();
  if (workdir.size() > 1 && workdir.back() == '/') {
    workdir.pop_back();
  }
  fs::path root = fs::weakly_canonical(workdir, ec);
  return from_disk(root, scan_dir, shown_scan_dir, side == ConfigSide::scan_directory);
}

}  // namespace nts::scan
