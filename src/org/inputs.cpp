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

bool opens_as_repository(const fs::path& path) {
  git_repository* raw = nullptr;
  // NO_SEARCH: only this folder itself, never a parent repository.
  int rc = git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  git::RepositoryPtr repo(raw);
  return rc == 0;
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
                               const std::function<void(std::string)>& found) {
  git::ensure_initialised();
  if (auto checked = check_repository_dir(dir); !checked) {
    return checked;
  }
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory(ec) || it->is_symlink(ec)) {
      continue;
    }
    const fs::path& path = it->path();
    if (path.filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (opens_as_repository(path)) {
      found(path.lexically_normal().string());
      it.disable_recursion_pending();
    }
  }
  if (ec) {
    return core::Error{"cannot list: " + ec.message(), core::Location{dir, 0, 0}, {}, {}};
  }
  return core::ok_status();
}

core::Result<std::vector<std::string>> find_repositories(const std::string& dir) {
  std::vector<std::string> out;
  auto walked = walk_repositories(dir, [&](std::string path) { out.push_back(std::move(path)); });
  if (!walked) {
    return walked.error();
  }
  normalise(out);
  return out;
}

void normalise(std::vector<std::string>& repositories) {
  std::sort(repositories.begin(), repositories.end());
  repositories.erase(std::unique(repositories.begin(), repositories.end()), repositories.end());
}

}  // namespace nts::org
