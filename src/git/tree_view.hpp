#pragma once

#include <memory>
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

// The same for the index: the snapshot the next commit would record.
core::Result<std::unique_ptr<core::RepoView>> index_view(const Repository& repo);

}  // namespace nts::git
