#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace nts::org {

// True for what libgit2 would fetch over a transport (https://, git://,
// ssh://, file://, user@host:path); false for a plain local path.
bool is_remote(const std::string& repository);

// `--repos FILE`: one URL or local path a line; blank lines and lines starting
// with '#' are skipped, surrounding whitespace is trimmed. Relative local paths
// are taken relative to the list file's folder, so a list can travel with its repositories.
core::Result<std::vector<std::string>> read_repo_list(const std::string& file);

// `--dir DIR`: every git repository below DIR (work trees and bare ones, found
// by opening them with libgit2), sorted. A repository's own folders are not
// searched further (no nested checkouts, no .git internals). Folders that
// could not be listed are in `skipped`, with what to do; repositories that
// cannot be scanned (corrupt, HEAD unreadable, a git directory outside DIR)
// in `broken`, with why.
struct FoundRepositories {
  std::vector<std::string> repositories;
  std::vector<core::Error> broken;
  std::vector<core::Error> skipped;
};
core::Result<FoundRepositories> find_repositories(const std::string& dir);

// The same walk, streamed: `found` gets each repository as soon as it is
// found (in walk order), so scans can start while the walk goes on.
// check_repository_dir is its up-front check (a usage error, returned). A
// folder that is a repository but cannot be scanned goes to `broken` with the
// reason (the report lists it with status error); a folder below that cannot
// be listed is added to `skipped`; the walk goes on with the others.
core::Status check_repository_dir(const std::string& dir);
core::Status walk_repositories(const std::string& dir,
                               const std::function<void(std::string)>& found,
                               const std::function<void(std::string, std::string)>& broken,
                               std::vector<core::Error>& skipped);

// Sorted, duplicates removed: the batch order is the same whatever the input order.
void normalise(std::vector<std::string>& repositories);

}  // namespace nts::org
