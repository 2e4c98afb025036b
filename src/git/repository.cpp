#include "git/repository.hpp"

#include <algorithm>
#include <filesystem>

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

core::Result<std::vector<WorktreeFile>> list_worktree_files(const Repository& repo,
                                                            const std::string& scan_root,
                                                            std::vector<core::ScanIssue>& issues) {
  std::string workdir = normalise_dir(repo.workdir());
  std::string root = normalise_dir(scan_root);
  if (root.rfind(workdir, 0) != 0) {
    core::Error error;
    error.message = "the scan path is outside the repository's work tree " + workdir;
    error.location = core::Location{scan_root, 0, 0};
    return error;
  }
  std::string prefix = root.substr(workdir.size());  // "" or "sub/dir/"
  std::vector<WorktreeFile> files;
  auto add = [&](const char* repo_path) {
    std::string path(repo_path);
    if (path.rfind(prefix, 0) == 0) {
      files.push_back(WorktreeFile{path.substr(prefix.size())});
    }
  };

  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo.get()) != 0) {
    return last_error("cannot read the git index", workdir);
  }
  IndexPtr index(raw_index);
  std::size_t count = git_index_entrycount(index.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    if (entry == nullptr || git_index_entry_stage(entry) > 1) {
      continue;  // conflict stages 2 and 3 repeat the path
    }
    std::string path(entry->path);
    if (path.rfind(prefix, 0) != 0) {
      continue;
    }
    std::uint32_t mode = entry->mode & 0170000;
    if (mode == 0160000) {
      issues.push_back({core::ScanIssue::Kind::note, path.substr(prefix.size()), 0,
                        "submodule skipped; scan its repository separately"});
      continue;
    }
    if (mode == 0120000) {
      continue;  // a symlink: git commits the link text, never the target's content
    }
    std::error_code ec;
    auto status = std::filesystem::symlink_status(workdir + path, ec);
    if (ec || !std::filesystem::exists(status)) {
      continue;  // deleted in the work tree: `git add -A` would not commit it
    }
    add(entry->path);
  }

  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                  GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  std::string pathspec = prefix.empty() ? std::string() : prefix + "*";
  char* spec = pathspec.data();
  if (!prefix.empty()) {
    options.pathspec.strings = &spec;
    options.pathspec.count = 1;
  }
  git_status_list* raw_status = nullptr;
  if (git_status_list_new(&raw_status, repo.get(), &options) != 0) {
    return last_error("cannot list untracked files", workdir);
  }
  StatusListPtr status(raw_status);
  std::size_t changes = git_status_list_entrycount(status.get());
  for (std::size_t i = 0; i < changes; ++i) {
    const git_status_entry* entry = git_status_byindex(status.get(), i);
    if ((entry->status & GIT_STATUS_WT_NEW) == 0 || entry->index_to_workdir == nullptr) {
      continue;
    }
    const char* path = entry->index_to_workdir->new_file.path;
    std::error_code ec;
    if (std::filesystem::is_symlink(workdir + path, ec)) {
      continue;
    }
    add(path);
  }
  std::sort(files.begin(), files.end(),
            [](const WorktreeFile& a, const WorktreeFile& b) { return a.path < b.path; });
  files.erase(
      std::unique(files.begin(), files.end(),
                  [](const WorktreeFile& a, const WorktreeFile& b) { return a.path == b.path; }),
      files.end());
  return files;
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
