#pragma once

#include <git2.h>

#include <cstddef>
#include <functional>
#include <list>
#include <string>
#include <string_view>

#include "git/handle.hpp"
#include "git/oid_set.hpp"

namespace nts::git {

// A file one commit adds or changes against its first parent.
struct ChangedFile {
  std::string path;
  git_oid blob;
  bool regular = true;  // false: a symlink, whose blob is the link text
};

// The lines each commit adds against its first parent, as `git log -p
// --first-parent` (no rename detection, no context) shows them, read without
// libgit2's diff machinery: the two trees are merged from their raw bytes
// (gitfmt::RawTreeReader), a subtree with the same id on both sides is never
// opened, and only a changed file's two versions go through xdiff
// (git_diff_buffers, text forced, as git_diff_tree_to_tree would). A type
// change (file <-> symlink, directory <-> file) counts as a deletion and an
// addition, as libgit2 reports it without GIT_DIFF_INCLUDE_TYPECHANGE;
// submodules are left out.
//
// Each version a commit makes is usually the old side of the next commit that
// changes the file: the last versions read stay in a byte-bounded cache, so a
// range walk inflates each new blob once.
class CommitAdditions {
 public:
  // Called for each added line: the file, its 1-based line number in the new
  // version, and the text with its end of line.
  using LineVisitor = std::function<void(const ChangedFile&, int, std::string_view)>;

  // Lets a caller skip the diffs it does not need: `wants_lines` is asked
  // with each changed file's new version before any diff; when it says no,
  // the old version is not read and `on_adds` is called instead of
  // `on_line`, once, if the version adds any line. That is known without a
  // diff when the file is new (any byte makes a line) or the new version is
  // larger than the old one (a change adding no line only drops lines, and
  // xdiff compares lines with their ends, so it cannot grow the file);
  // otherwise the diff still decides.
  struct Filter {
    std::function<bool(const ChangedFile&, std::string_view content)> wants_lines;
    std::function<void(const ChangedFile&)> on_adds;
  };

  // A changed file of one commit: the new version, and the old one when
  // there is one of the same kind to diff against.
  struct Change {
    ChangedFile file;
    bool has_old = false;
    git_oid old_blob{};
  };

  CommitAdditions(git_odb* odb, std::size_t cache_bytes);

  // Visits the lines `tree` adds against `parent_tree` (null for a root
  // commit), file by file in git's path order. Returns 0, or libgit2's error
  // code with its last error set (k_object_over_limit for an object refused
  // unbuilt); the files before the failure were visited.
  int visit(const git_oid* parent_tree, const git_oid& tree, const LineVisitor& on_line,
            const Filter* filter = nullptr);
  // The two halves of visit(), which may run on two CommitAdditions (two
  // threads, each with its own odb): the files `tree` changes, from the trees
  // alone, appended to `changes`; then their lines.
  int changes(const git_oid* parent_tree, const git_oid& tree, std::vector<Change>& changes);
  int visit_changes(const std::vector<Change>& changes, const LineVisitor& on_line,
                    const Filter* filter = nullptr);

  // The blob's content, through the cache; null with libgit2's error set.
  OdbObjectPtr read(const git_oid& blob, int& status);
  // The object's size: known when it was a blob read before (the old side of a
  // change is usually a version an earlier commit made), else from its
  // header (a delta's result size is in the delta's first bytes: nothing is
  // built, but the chain is followed down for the type).
  int size_of(const git_oid& id, std::size_t& size);

 private:
  int collect(const git_oid* parent_tree, const git_oid& tree, std::string& prefix,
              std::vector<Change>& out);
  int visit_file(const Change& pair, const LineVisitor& on_line, const Filter* filter);
  int adds_any_line(const Change& pair, std::string_view text, bool& adds);
  int diff(const Change& pair, std::string_view text, const LineVisitor& on_line);

  git_odb* m_odb;
  std::size_t m_cache_bytes;
  std::size_t m_cached_bytes = 0;
  std::list<std::pair<git_oid, OdbObjectPtr>> m_lru;  // most recently used first
  OidMap<std::list<std::pair<git_oid, OdbObjectPtr>>::iterator> m_by_id;
  std::vector<Change> m_changes;
  OidMap<std::size_t> m_sizes;  // of every blob read: 8 bytes and an id each
};

}  // namespace nts::git
