#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/repo_view.hpp"
#include "git/repository.hpp"

namespace nts::git {

// The files of one commit's tree ("HEAD", a branch, a tag, a sha), for the
// analyses that read a snapshot (workflows, .npmrc next to package.json). The
// view opens its own handle, so it may outlive `repo`; reads are thread-safe.
// Symlinks and submodules are not listed.
core::Result<std::unique_ptr<core::RepoView>> tree_view(const Repository& repo,
                                                        std::string_view revision);

// One file of a commit's tree, read without listing the tree: nullopt when the
// commit has no regular file at `path` (for the repository config a range scan
// reads from its base).
core::Result<std::optional<std::string>> read_file_at(const Repository& repo,
                                                      std::string_view revision,
                                                      const std::string& path);

// The same for the index: the snapshot the next commit would record.
core::Result<std::unique_ptr<core::RepoView>> index_view(const Repository& repo);

}  // namespace nts::git
