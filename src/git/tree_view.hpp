#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/repo_view.hpp"
#include "git/repository.hpp"
#include "gitfmt/object_id.hpp"

namespace nts::git {

// The files of one commit's tree ("HEAD", a branch, a tag, a sha), for the
// analyses that read a snapshot (workflows, .npmrc next to package.json). The
// view opens its own handle, so it may outlive `repo`; reads are thread-safe.
// Symlinks and submodules are not listed. A blob over `max_read` bytes is
// not read (read() gives nullopt; size() tells why), and neither is one whose
// delta chain would build more than that on the way: the analyses read
// configuration files, and a repository's objects are hostile.
//
// Listing the tree is most of a view's cost (20 ms for HEAD's 20,000 files
// on the history benchmark, against 5 ms for the whole workflow analysis),
// so a cache may keep the listing: given `listing`, the view takes its files
// when it lists the commit's own tree, and otherwise lists the tree and
// leaves that listing there.
struct TreeListing {
  gitfmt::ObjectId tree{};              // the root tree listed
  std::vector<std::string> paths;       // its regular files, sorted
  std::vector<gitfmt::ObjectId> blobs;  // each one's blob
};
constexpr std::size_t k_snapshot_max_read = std::size_t{16} << 20;
core::Result<std::unique_ptr<core::RepoView>> tree_view(const Repository& repo,
                                                        std::string_view revision,
                                                        std::size_t max_read = k_snapshot_max_read,
                                                        TreeListing* listing = nullptr);

// One file of a commit's tree, read without listing the tree: nullopt when the
// commit has no regular file at `path` (for the repository config a range scan
// reads from its base). A blob over `max_read` bytes is an Error, found from
// its header before it is inflated.
core::Result<std::optional<std::string>> read_file_at(const Repository& repo,
                                                      std::string_view revision,
                                                      const std::string& path,
                                                      std::size_t max_read = k_snapshot_max_read);

// The regular files of a commit's tree under `dir` ("rules/" or "" for all),
// directly in it or below, '/'-separated and relative to the tree's root.
core::Result<std::vector<std::string>> list_files_at(const Repository& repo,
                                                     std::string_view revision,
                                                     const std::string& dir);

// The same for the index: the snapshot the next commit would record.
core::Result<std::unique_ptr<core::RepoView>> index_view(const Repository& repo);

}  // namespace nts::git
