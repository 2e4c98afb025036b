#include "scan/repo_config_file.hpp"

#include <filesystem>

#include "git/blob_source.hpp"
#include "git/repository.hpp"
#include "git/tree_view.hpp"
#include "util/file.hpp"

namespace nts::scan {
namespace {

namespace fs = std::filesystem;

const char* const k_name = ".npm-token-scan.yaml";
// A config is a few lines of YAML; a larger one is refused before it is read
// (or inflated), as YAML from a repository can cost seconds per megabyte.
constexpr std::uint64_t k_max_config_bytes = std::uint64_t{1} << 20;

core::Error too_large(const std::string& shown, std::uint64_t size) {
  core::Error error;
  error.message = "the repository config is " + std::to_string(size) +
                  " bytes, over the limit of " + std::to_string(k_max_config_bytes) + " bytes";
  error.location = core::Location{shown, 0, 0};
  error.hint = "a config is a few lines: see docs/configuration.md";
  return error;
}

// `shown` names the file in messages ("BASE:.npm-token-scan.yaml" by default).
core::Result<std::optional<ConfigFile>> from_revision(const git::Repository& repo,
                                                      const std::string& revision,
                                                      std::string shown = {}) {
  auto text = git::read_file_at(repo, revision, k_name, k_max_config_bytes);
  if (!text) {
    return text.error();
  }
  if (!*text) {
    return std::optional<ConfigFile>();
  }
  if (shown.empty()) {
    shown = revision + ":" + k_name;
  }
  return std::optional<ConfigFile>(ConfigFile{std::move(shown), std::move(**text), ""});
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
  if (auto size = fs::file_size(file, ec); !ec && size > k_max_config_bytes) {
    return too_large(shown.generic_string(), size);
  }
  std::error_code read_error;
  auto text = util::read_file(file.string(), read_error);
  if (!text) {
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
  return std::optional<ConfigFile>(ConfigFile{shown.generic_string(), std::move(*text), prefix});
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
  if (side == ConfigSide::head_tree) {
    // Each org entry is one repository at HEAD: the file is named from its root.
    if (!git_repo.head_commit()) {
      return std::optional<ConfigFile>();
    }
    return from_revision(git_repo, "HEAD", k_name);
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

std::optional<RepositoryPath> path_in_repository(const std::string& scan_path,
                                                 const std::string& named) {
  std::error_code ec;
  fs::path scan_dir = fs::weakly_canonical(scan_path.empty() ? "." : scan_path, ec);
  if (fs::is_regular_file(scan_dir, ec)) {
    scan_dir = scan_dir.parent_path();
  }
  auto repo = git::Repository::discover(scan_dir.string());
  if (!repo || !repo->has_value() || (*repo)->is_bare()) {
    return std::nullopt;
  }
  std::string workdir = (*repo)->workdir();
  fs::path root = fs::weakly_canonical(workdir, ec);
  fs::path target = fs::weakly_canonical(fs::absolute(named, ec), ec);
  if (ec) {
    return std::nullopt;
  }
  fs::path relative = target.lexically_relative(root);
  std::string text = relative.generic_string();
  if (relative.empty() || text == ".." || text.rfind("../", 0) == 0) {
    return std::nullopt;
  }
  return RepositoryPath{text == "." ? "" : text};
}

namespace {

// The repository holding `scan_path`, and the revision a range's BASE names.
struct RangeBase {
  git::Repository repo;
  std::string revision;
};

core::Result<git::Repository> open_for_range(const std::string& scan_path) {
  std::error_code ec;
  fs::path scan_dir = fs::weakly_canonical(scan_path.empty() ? "." : scan_path, ec);
  if (fs::is_regular_file(scan_dir, ec)) {
    scan_dir = scan_dir.parent_path();
  }
  auto repo = git::Repository::discover(scan_dir.string());
  if (!repo) {
    return repo.error();
  }
  if (!repo->has_value()) {
    core::Error error;
    error.message = "not in a git repository";
    error.location = core::Location{scan_path, 0, 0};
    return error;
  }
  return std::move(**repo);
}

core::Result<RangeBase> open_range_base(const std::string& scan_path, const std::string& range) {
  auto ends = git::parse_range(range);
  if (!ends) {
    return ends.error();
  }
  auto repo = open_for_range(scan_path);
  if (!repo) {
    return repo.error();
  }
  return RangeBase{std::move(*repo), ends->first};
}

}  // namespace

std::string range_base_name(const std::string& range) {
  auto ends = git::parse_range(range);
  return ends ? ends->first : std::string("BASE");
}

core::Result<std::optional<std::string>> read_at_range_base(const std::string& scan_path,
                                                            const std::string& range,
                                                            const std::string& relative,
                                                            std::size_t max_bytes) {
  auto base = open_range_base(scan_path, range);
  if (!base) {
    return base.error();
  }
  return git::read_file_at(base->repo, base->revision, relative, max_bytes);
}

core::Result<std::vector<std::pair<std::string, std::string>>> rule_files_at_range_base(
    const std::string& scan_path, const std::string& range, const std::string& relative) {
  auto base = open_range_base(scan_path, range);
  if (!base) {
    return base.error();
  }
  auto listed = git::list_files_at(base->repo, base->revision, relative);
  if (!listed) {
    return listed.error();
  }
  std::string prefix = relative.empty() || relative.back() == '/' ? relative : relative + "/";
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& file : *listed) {
    std::string_view name(file);
    name.remove_prefix(std::min(prefix.size(), name.size()));
    bool direct = name.find('/') == std::string_view::npos;
    bool yaml = name.ends_with(".yaml") || name.ends_with(".yml");
    if (!direct || !yaml) {
      continue;
    }
    auto text = git::read_file_at(base->repo, base->revision, file, k_max_config_bytes);
    if (!text) {
      return text.error();
    }
    if (*text) {
      out.emplace_back(base->revision + ":" + file, std::move(**text));
    }
  }
  return out;
}

}  // namespace nts::scan
