#include "git/repository.hpp"

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <unordered_set>

namespace nts::git {
namespace {

std::string normalise_dir(std::string path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  std::string out = ec ? path : canonical.string();
  if (!out.empty() && out.back() != '/') {
    out += '/';
  }
  return out;
}

}  // namespace

core::Result<std::optional<Repository>> Repository::discover(const std::string& path) {
  ensure_initialised();
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) {
    return std::optional<Repository>{};
  }
  if (rc != 0) {
    return last_error("cannot open the git repository", path);
  }
  return std::optional<Repository>(Repository(RepositoryPtr(raw)));
}

core::Result<Repository> Repository::open(const std::string& path) {
  auto found = discover(path);
  if (!found) {
    return found.error();
  }
  if (!found->has_value()) {
    core::Error error;
    error.message = "not a git repository (or any parent up to the root)";
    error.location = core::Location{path, 0, 0};
    error.hint = "pass the path of a repository, a work tree or a bare clone";
    return error;
  }
  return std::move(**found);
}

bool Repository::is_bare() const {
  return git_repository_is_bare(m_repo.get()) != 0;
}

std::string Repository::workdir() const {
  const char* dir = git_repository_workdir(m_repo.get());
  return dir == nullptr ? std::string() : std::string(dir);
}

std::string Repository::git_dir() const {
  return git_repository_path(m_repo.get());
}

std::optional<std::string> Repository::remote_url() const {
  git_strarray names{};
  if (git_remote_list(&names, m_repo.get()) != 0) {
    return std::nullopt;
  }
  std::vector<std::string> remotes(names.strings, names.strings + names.count);
  git_strarray_dispose(&names);
  if (remotes.empty()) {
    return std::nullopt;
  }
  auto origin = std::find(remotes.begin(), remotes.end(), "origin");
  const std::string& name = origin != remotes.end() ? *origin : remotes.front();
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, m_repo.get(), name.c_str()) != 0) {
    return std::nullopt;
  }
  RemotePtr remote(raw);
  const char* url = git_remote_url(remote.get());
  return url == nullptr ? std::nullopt : std::optional<std::string>(url);
}

std::optional<std::string> Repository::head_commit() const {
  git_oid oid;
  if (git_reference_name_to_id(&oid, m_repo.get(), "HEAD") != 0) {
    return std::nullopt;
  }
  return oid_hex(oid);
}

bool TrackedFiles::holds(const std::string& directory) const {
  return std::binary_search(directories.begin(), directories.end(), directory);
}

bool TrackedFiles::is_submodule(const std::string& path) const {
  return std::binary_search(submodules.begin(), submodules.end(), path);
}

core::Result<TrackedFiles> list_tracked_files(const Repository& repo, const std::string& scan_root,
                                              std::vector<core::ScanIssue>& issues,
                                              const std::function<void(std::string)>& on_file) {
  std::string workdir = normalise_dir(repo.workdir());
  std::string root = normalise_dir(scan_root);
  if (root.rfind(workdir, 0) != 0) {
    core::Error error;
    error.message = "the scan path is outside the repository's work tree " + workdir;
    error.location = core::Location{scan_root, 0, 0};
    return error;
  }
  TrackedFiles tracked;
  tracked.prefix = root.substr(workdir.size());

  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo.get()) != 0) {
    return last_error("cannot read the git index", workdir);
  }
  IndexPtr index(raw_index);
  std::unordered_set<std::string> directories;
  std::size_t count = git_index_entrycount(index.get());
  tracked.entries.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    if (entry == nullptr || git_index_entry_stage(entry) > 1) {
      continue;  // conflict stages 2 and 3 repeat the path
    }
    std::string_view full(entry->path);
    if (full.substr(0, tracked.prefix.size()) != tracked.prefix) {
      continue;
    }
    std::string path(full.substr(tracked.prefix.size()));
    if (!tracked.entries.insert(path).second) {
      continue;  // a conflict's stage 1 after stage 0
    }
    for (auto slash = path.rfind('/'); slash != std::string::npos;
         slash = slash == 0 ? std::string::npos : path.rfind('/', slash - 1)) {
      if (!directories.insert(path.substr(0, slash + 1)).second) {
        break;  // its parents are in already
      }
    }
    std::uint32_t mode = entry->mode & 0170000;
    if (mode == 0160000) {
      issues.push_back({core::ScanIssue::Kind::note, path, 0,
                        "submodule skipped; scan its repository separately"});
      tracked.submodules.push_back(std::move(path));
    } else if (mode !=
               0120000) {  // a symlink: git commits the link text, never the target's content
      on_file(std::move(path));
    }
  }
  auto by_bytes = [](const std::string& a, const std::string& b) { return a < b; };
  std::sort(tracked.submodules.begin(), tracked.submodules.end(), by_bytes);
  tracked.directories.assign(directories.begin(), directories.end());

  std::sort(tracked.directories.begin(), tracked.directories.end(), by_bytes);
  return tracked;
}

bool is_ignored(const Repository& repo, const std::string& path) {
  int ignored = 0;
  return git_ignore_path_is_ignored(&ignored, repo.get(), path.c_str()) == 0 && ignored == 1;
}

core::Result<RepositoryPtr> open_private_handle(const Repository& repo) {
  git_repository* raw = nullptr;
  const char* gitdir = git_repository_path(repo.get());
  if (git_repository_open_ext(&raw, gitdir, GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return last_error("cannot open the git repository", gitdir);
  }
  return RepositoryPtr(raw);
}

}  // namespace nts::git
