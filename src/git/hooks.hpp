#pragma once

#include <string>

#include "core/error.hpp"
#include "git/repository.hpp"

namespace nts::git {

// The folder git runs hooks from: core.hooksPath when set (relative paths are
// relative to the work tree, as git reads them), else the repository's hooks
// folder (shared by linked work trees).
core::Result<std::string> hooks_directory(const Repository& repo);

}  // namespace nts::git
