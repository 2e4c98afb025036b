#include "org/inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <vector>

#include "git/mirror.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace nts::org {
namespace fs = std::filesystem;

namespace {

// unreadable: libgit2 failed on a folder that does not look like a repository
// (no descriptors left, a permission error): reported as a folder not walked.
enum class FolderKind { repository, plain, broken, unreadable };

bool inside(const fs::path& path, const fs::path& root) {
  auto relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

// A folder that holds a `.git` entry, or has the layout of a bare repository
// (HEAD, objects/, refs/): one libgit2 does not open is a broken repository,
// not a plain folder to walk through.
bool looks_like_repository(const fs::path& path) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path / ".git", ec))) {
    return true;
  }
  return fs::is_regular_file(path / "HEAD", ec) && fs::is_directory(path / "objects", ec) &&
         fs::is_directory(path / "refs", ec);
}

// The first object store listed in `objects/info/alternates` of `git_dir`
// that lies outside `root`, if any (libgit2 reads objects from each).
std::optional<fs::path> alternate_outside(const fs::path& git_dir, const fs::path& root) {
  const fs::path objects = git_dir / "objects";
  std::error_code unreadable;
  std::string listed =
      util::read_file((objects / "info" / "alternates").string(), unreadable).value_or("");
  for (std::string_view line : util::split_lines(listed)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    fs::path store = fs::path(line).is_absolute() ? fs::path(line) : objects / line;
    std::error_code ec;
    auto real = fs::weakly_canonical(store, ec);
    if (ec || !inside(real, root)) {
      return store.lexically_normal();
    }
  }
  return std::nullopt;
}

// Whether `path` itself is a repository whose git directory lies inside
// `root` (the --dir folder, canonical). `why` says what is wrong with a broken one.
FolderKind open_as_repository(const fs::path& path, const fs::path& root, std::string& why) {
  auto probe = git::probe_repository(path.string());
  if (probe.kind != git::RepositoryProbe::Kind::repository) {
    why = "cannot open this repository: " + probe.error;
    if (looks_like_repository(path)) {
      return FolderKind::broken;
    }
    return probe.kind == git::RepositoryProbe::Kind::not_found ? FolderKind::plain
                                                               : FolderKind::unreadable;
  }
  // A `.git` file (gitdir: …), a symlinked .git or a commondir may lead
  // anywhere on the machine: --dir scans only what lies inside DIR.
  std::error_code ec;
  // (A repository's own git directory is its common one: checked once.)
  std::vector<std::string> dirs = {probe.git_dir};
  if (probe.common_dir != probe.git_dir) {
    dirs.push_back(probe.common_dir);
  }
  for (const std::string& dir : dirs) {
    if (dir.empty()) {
      continue;
    }
    auto real = fs::weakly_canonical(dir, ec);
    if (ec || !inside(real, root)) {
      why = "its git directory " + fs::path(dir).lexically_normal().string() +
            " is outside the --dir folder; not scanned (list it with --repos to scan it)";
      return FolderKind::broken;
    }
    if (auto borrowed = alternate_outside(dir, root)) {
      why = "its objects/info/alternates borrows objects from " + borrowed->string() +
            ", outside the --dir folder; not scanned (list it with --repos to scan it)";
      return FolderKind::broken;
    }
  }
  // HEAD must name a branch or a commit: a corrupt one would otherwise read
  // as an empty repository with nothing to report.
  if (!probe.head_readable) {
    why = "cannot read HEAD: " + probe.head_error;
    return FolderKind::broken;
  }
  return FolderKind::repository;
}

}  // namespace

bool is_remote(const std::string& repository) {
  if (repository.find("://") != std::string::npos) {
    return true;
  }
  // scp-like syntax: user@host:path (a local path may hold ':' but rarely '@' before it).
  auto at = repository.find('@');
  auto colon = repository.find(':');
  return at != std::string::npos && colon != std::string::npos && at < colon &&
         repository.find('/') > colon;
}

core::Result<std::vector<std::string>> read_repo_list(const std::string& file) {
  std::error_code unreadable;
  std::optional<std::string> text = util::read_file(file, unreadable);
  if (!text) {
    return core::Error{"cannot read the repository list: " + unreadable.message(),
                       core::Location{file, 0, 0},
                       "--repos takes a file with one URL or local path a line",
                       {}};
  }
  fs::path base = fs::path(file).parent_path();
  std::vector<std::string> out;
  for (std::string_view listed : util::split_lines(*text)) {
    std::string line(util::trim(listed));
    if (line.empty() || line[0] == '#') {
      continue;
    }
    if (!is_remote(line) && fs::path(line).is_relative()) {
      line = (base / line).lexically_normal().string();
    }
    out.push_back(line);
  }
  normalise(out);
  return out;
}

core::Status check_repository_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return core::Error{"not a directory",
                       core::Location{dir, 0, 0},
                       "--dir takes a folder that holds repositories (bare or not)",
                       {}};
  }
  return core::ok_status();
}

core::Status walk_repositories(const std::string& dir,
                               const std::function<void(std::string)>& found,
                               const std::function<void(std::string, std::string)>& broken,
                               std::vector<core::Error>& skipped) {
  if (auto checked = check_repository_dir(dir); !checked) {
    return checked;
  }
  std::error_code root_error;
  const fs::path root = fs::weakly_canonical(dir, root_error);
  // One iterator per level being read. A folder that cannot be listed (gone
  // mid-walk, unreadable, out of descriptors) is noted and skipped; its
  // siblings and the rest of the tree are still walked.
  auto cannot_list = [&](const fs::path& folder, const std::error_code& error) {
    skipped.push_back({"cannot list this folder: " + error.message(),
                       core::Location{folder.lexically_normal().string(), 0, 0},
                       "repositories below it were not scanned; fix what the error names, or list "
                       "them with --repos",
                       {}});
  };
  std::vector<std::pair<fs::path, fs::directory_iterator>> open;
  auto descend = [&](const fs::path& folder) {
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      cannot_list(folder, ec);
      return;
    }
    open.emplace_back(folder, std::move(it));
  };
  descend(dir);
  while (!open.empty()) {
    auto& [folder, it] = open.back();
    if (it == fs::directory_iterator()) {
      open.pop_back();
      continue;
    }
    fs::directory_entry entry = *it;
    std::error_code ec;
    it.increment(ec);
    if (ec) {
      cannot_list(folder, ec);
      open.pop_back();
    }
    std::error_code type_error;
    if (!entry.is_directory(type_error) || entry.is_symlink(type_error)) {
      continue;
    }
    const fs::path& path = entry.path();
    if (path.filename() == ".git") {
      continue;
    }
    std::string why;
    switch (open_as_repository(path, root, why)) {
      case FolderKind::repository:
        found(path.lexically_normal().string());
        break;
      case FolderKind::plain:
        descend(path);
        break;
      case FolderKind::broken:
        broken(path.lexically_normal().string(), why);
        break;
      case FolderKind::unreadable:
        skipped.push_back({why,
                           core::Location{path.lexically_normal().string(), 0, 0},
                           "it was not scanned; check it with 'git -C <folder> status'",
                           {}});
        break;
    }
  }
  return core::ok_status();
}

core::Result<FoundRepositories> find_repositories(const std::string& dir) {
  FoundRepositories out;
  auto walked = walk_repositories(
      dir, [&](std::string path) { out.repositories.push_back(std::move(path)); },
      [&](std::string path, std::string why) {
        out.broken.push_back({std::move(why), core::Location{std::move(path), 0, 0}, {}, {}});
      },
      out.skipped);
  if (!walked) {
    return walked.error();
  }
  normalise(out.repositories);
  return out;
}

void normalise(std::vector<std::string>& repositories) {
  std::sort(repositories.begin(), repositories.end());
  repositories.erase(std::unique(repositories.begin(), repositories.end()), repositories.end());
}

}  // namespace nts::org
