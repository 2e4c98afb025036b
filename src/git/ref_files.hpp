#pragma once

#include <optional>
#include <string>

namespace nts::git {

// A repository's refs read straight from the files git keeps them in (HEAD,
// refs/, packed-refs) and its shallow file, without opening it through
// libgit2. An org re-run asks this of every repository before it reuses a
// stored result: libgit2's open loads three config files and re-checks each
// one's time stamp on every config read, ten times the system calls of this.
struct RefFiles {
  // What HEAD names, followed through symbolic refs: an object id (hex), or
  // empty when HEAD names a branch with no commit yet.
  std::string head;
  // A digest of everything a history walk starts from: HEAD, every loose ref
  // and packed-refs as stored, and the shallow file. Any change to a ref
  // changes it; so may a change that moves no ref (refs packed by `git gc`),
  // which costs one scan, never a wrong reuse.
  std::string digest;
};

// nullopt whenever `path` is anything but a git directory (or a work tree
// whose `.git` is one) laid out in plain files this reader fully understands:
// a `.git` file, a linked work tree, reftable, a symlink among the refs, an
// unreadable or malformed ref, or a repository another user owns (libgit2's
// safe.directory rules decide that one). The caller then opens the
// repository through libgit2.
std::optional<RefFiles> read_ref_files(const std::string& path);

// The git directory of `path` (with a trailing '/') when it is a repository
// in that same plain layout whose HEAD names a commit or a branch, born or
// not: what a folder walk needs to know, at a fifth of libgit2's open.
// nullopt says only "ask libgit2".
std::optional<std::string> plain_repository(const std::string& path);

}  // namespace nts::git
