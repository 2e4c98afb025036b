#include "git/hooks.hpp"

#include <cstdlib>
#include <filesystem>

namespace nts::git {

core::Result<std::string> hooks_directory(const Repository& repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) != 0) {
    return last_error("cannot read the git configuration");
  }
  std::unique_ptr<git_config, Deleter<git_config, git_config_free>> config(raw);
  const char* value = nullptr;
  if (git_config_get_string(&value, config.get(), "core.hooksPath") == 0 && value != nullptr &&
      *value) {
    std::string path = value;
    if (path.rfind("~/", 0) == 0) {
      const char* home = std::getenv("HOME");
      path = std::string(home != nullptr ? home : "") + path.substr(1);
    }
    std::filesystem::path hooks(path);
    if (hooks.is_relative()) {
      std::string base =
          repo.is_bare() ? std::string(git_repository_path(repo.get())) : repo.workdir();
      hooks = std::filesystem::path(base) / hooks;
    }
    return hooks.lexically_normal().string();
  }
  git_buf buffer = GIT_BUF_INIT;
  if (git_repository_item_path(&buffer, repo.get(), GIT_REPOSITORY_ITEM_HOOKS) != 0) {
    return last_error("cannot find the hooks folder");
  }
  std::string path(buffer.ptr, buffer.size);
  git_buf_dispose(&buffer);
  return path;
}

}  // namespace nts::git
