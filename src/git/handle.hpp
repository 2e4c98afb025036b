#pragma once

#include <git2.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "gitfmt/object_id.hpp"

namespace nts::git {

// Owning handles for libgit2 objects: each frees itself with its git_*_free.
template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p != nullptr) {
      Free(p);
    }
  }
};
using RepositoryPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;
using StatusListPtr =
    std::unique_ptr<git_status_list, Deleter<git_status_list, git_status_list_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff, git_diff_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>>;
using OdbObjectPtr = std::unique_ptr<git_odb_object, Deleter<git_odb_object, git_odb_object_free>>;
// Reads one object as git_odb_read does: 0, or libgit2's error code with its
// last error set. Lets a caller put its own cache in front of the odb.
using ObjectReader = std::function<int(const git_oid&, OdbObjectPtr&)>;
using ReferenceIteratorPtr =
    std::unique_ptr<git_reference_iterator,
                    Deleter<git_reference_iterator, git_reference_iterator_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;

// libgit2 must be initialised once per process; this does it on first use.
void ensure_initialised();

// The last libgit2 error as an Error: "<what>: <libgit2 message>".
core::Error last_error(const std::string& what, const std::string& path = {});
// The last libgit2 error's message alone.
std::string last_error_message();

std::string oid_hex(const git_oid& oid);

// The boundary to src/gitfmt, whose readers know nothing of libgit2: the same
// 20 bytes, the same type codes.
inline git_oid to_git(const gitfmt::ObjectId& id) {
  git_oid out;
  std::memcpy(out.id, id.id, sizeof(out.id));
  return out;
}
inline gitfmt::ObjectId from_git(const git_oid& id) {
  gitfmt::ObjectId out;
  std::memcpy(out.id, id.id, sizeof(out.id));
  return out;
}
inline git_object_t to_git(gitfmt::ObjectType type) {
  return static_cast<git_object_t>(type);
}
inline gitfmt::ObjectType from_git(git_object_t type) {
  return static_cast<gitfmt::ObjectType>(type);
}
static_assert(sizeof(git_oid) == gitfmt::k_oid_size);
static_assert(static_cast<int>(gitfmt::ObjectType::commit) == GIT_OBJECT_COMMIT &&
              static_cast<int>(gitfmt::ObjectType::tree) == GIT_OBJECT_TREE &&
              static_cast<int>(gitfmt::ObjectType::blob) == GIT_OBJECT_BLOB &&
              static_cast<int>(gitfmt::ObjectType::tag) == GIT_OBJECT_TAG);

}  // namespace nts::git
