#include "org/inputs.hpp"

#include <git2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "git/handle.hpp"

namespace nts::org {
namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& text) {
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) {
    return {};
  }
  auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

enum class FolderKind { repository, plain, unreadable };

// Whether `path` itself is a repository. A folder libgit2 cannot open for a
// reason other than "no repository here" (a broken config, no descriptors
// left) is neither: the caller reports it rather than walk into it.
FolderKind open_as_repository(const fs::path& path, std::string& why) {
  git_repository* raw = nullptr;
  // NO_SEARCH: only this folder itself, never a parent repository.
  int rc = git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  git::RepositoryPtr repo(raw);
  if (rc == 0) {
    return FolderKind::repository;
  }
  if (rc == GIT_ENOTFOUND) {
    return FolderKind::plain;
  }
  const git_error* error = git_error_last();
  why = error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
  return FolderKind::unreadable;
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
  std::ifstream in(file);
  if (!in) {
    return core::Error{"cannot read the repository list",
                       core::Location{file, 0, 0},
                       "--repos takes a file with one URL or local path a line",
                       {}};
  }
  fs::path base = fs::path(file).parent_path();
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
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
                               std::vector<core::Error>& skipped) {
  git::ensure_initialised();
  if (auto checked = check_repository_dir(dir); !checked) {
    return checked;
  }
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
    switch (open_as_repository(path, why)) {
      case FolderKind::repository:
        found(path.lexically_normal().string());
        break;
      case FolderKind::plain:
        descend(path);
        break;
      case FolderKind::unreadable:
        skipped.push_back({"cannot open this repository: " + why,
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
      dir, [&](std::string path) { out.repositories.push_back(std::move(path)); }, out.skipped);
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
