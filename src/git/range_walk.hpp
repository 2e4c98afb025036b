#pragma once

#include <git2.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "core/scan_report.hpp"
#include "git/blob_source.hpp"
#include "git/commit_additions.hpp"
#include "git/handle.hpp"
#include "git/oid_set.hpp"
#include "util/workers.hpp"

// The walk of a range scan's commits (range_source.cpp): which commit of
// the range added each line, and the blobs its commits introduced.
namespace nts::git {

// A line without its end of line (\n or \r\n).
inline std::string_view trim_eol(std::string_view line) {
  if (!line.empty() && line.back() == '\n') {
    line.remove_suffix(1);
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

// The key a line is looked up by: its text, and its path unless empty.
inline std::uint64_t line_key(std::string_view path, std::string_view line) {
  std::uint64_t h = std::hash<std::string_view>{}(line);
  return path.empty() ? h : h ^ (std::hash<std::string_view>{}(path)*0x9e3779b97f4a7c15ULL);
}

// Calls visit(number, line) for each line of `content`, end of line included.
template <typename Visit>
void for_each_line(std::string_view content, Visit&& visit) {
  int number = 1;
  for (std::size_t start = 0; start < content.size(); ++number) {
    std::size_t end = content.find('\n', start);
    end = end == std::string_view::npos ? content.size() : end + 1;
    visit(number, content.substr(start, end - start));
    start = end;
  }
}

// The texts (line_key("", text)) of the lines the visitor's scan of the
// head's changed blobs reports on: the only lines whose origin is asked.
using LineTexts = std::unordered_set<std::uint64_t>;

// A blob a commit of the range introduced (its first appearance in the
// range), with the lines that commit added to it.
struct IntroducedBlob {
  git_oid oid;
  std::string path;
  std::uint32_t commit = 0;  // index into LineOrigins::commits()
  std::vector<LineRange> lines;
};

// One commit of the range as the tree pass leaves it for the line pass.
struct WalkedCommit {
  std::uint32_t index = 0;  // into LineOrigins::commits()
  std::string sha;
  std::vector<CommitAdditions::Change> changes;
  std::optional<core::ScanIssue> issue;  // it could not be read or its trees not merged
};
// Takes each walked commit, oldest first; false stops the walk.
using CommitSink = std::function<bool(WalkedCommit&&)>;

// Which commit of the range first added each line: every commit of
// `base..head`, oldest first, diffed against its first parent. A line is
// looked up by path and text, then by text alone (it may have been added
// under a name the file later lost). The same pass keeps each blob a commit
// introduced, so that what a later commit removed again is still scanned:
// it stays in the pushed history.
//
// Two passes, which may run on two threads: walk() merges each commit's
// trees (it touches only commits(), which the other side reads once it has
// returned), add_lines() then takes the commits in the same order and reads
// the changed files.
//
// With finding_lines (SourceOptions), a file version is diffed only when its
// added lines can matter: it holds a line whose text is asked (`asked`), or
// it would be introduced here and the visitor's scan of it reports on some
// line. Any other version gives no line the visit of a head blob asks about,
// and if introduced here its visit does not depend on which lines it added:
// it is introduced with line 1 when it adds any.
class LineOrigins {
 public:
  explicit LineOrigins(const SourceOptions& options)
      : m_finding_lines(options.finding_lines), m_max_blob_size(options.max_blob_size) {}

  core::Status walk(git_repository* repo, CommitAdditions& trees, const git_oid& base,
                    const git_oid& head, const CommitSink& sink);

  // Before the first add_lines().
  void set_asked(LineTexts asked) { m_asked = std::move(asked); }

  void add_lines(CommitAdditions& blobs, const WalkedCommit& commit,
                 std::vector<core::ScanIssue>& issues);

  // Index into commits(), or -1 when no commit of the range added this line.
  int origin(std::string_view path, std::string_view line) const;

  const std::vector<CommitRef>& commits() const { return m_commits; }
  std::vector<IntroducedBlob>& introduced() { return m_introduced; }

 private:
  // The blob a line of `file` belongs to, when commit `index` introduced it.
  IntroducedBlob* introduced_by_current(const ChangedFile& file, std::uint32_t index);

  bool wants_lines(const ChangedFile& file, std::string_view content) const;

  static void add_line(IntroducedBlob& blob, int number);

  WalkedCommit walk_commit(git_repository* repo, CommitAdditions& trees, const git_oid& oid);

  const std::function<std::vector<int>(std::string_view, const std::string&)>& m_finding_lines;
  std::size_t m_max_blob_size;  // a larger blob is never visited (read_blob_for_scan)
  LineTexts m_asked;
  std::vector<CommitRef> m_commits;
  std::unordered_map<std::uint64_t, std::uint32_t> m_by_path;  // first (oldest) commit wins
  std::unordered_map<std::uint64_t, std::uint32_t> m_by_text;
  std::vector<IntroducedBlob> m_introduced;
  OidMap<std::uint32_t> m_blob_owner;  // blob -> its entry in m_introduced
  const ChangedFile* m_file = nullptr;
  IntroducedBlob* m_current = nullptr;
};

// The tree pass (LineOrigins::walk) on a thread of its own, with its own
// handle on the repository (libgit2 objects are not shared between threads)
// and its own cache of trees, handing the commits over through a bounded
// queue, so that the caller's thread meanwhile diffs the merge base against
// the head and then reads the commits' files as they come.
class TreePass {
 public:
  // `pack_cache_bytes` for its handle's delta-base cache, `tree_cache_bytes`
  // for the trees it read last.
  TreePass(LineOrigins& origins, const Repository& repo, const SourceOptions& options,
           std::size_t pack_cache_bytes, std::size_t tree_cache_bytes)
      : m_origins(origins),
        m_repo(repo),
        m_options(options),
        m_pack_cache_bytes(pack_cache_bytes),
        m_tree_cache_bytes(tree_cache_bytes) {}
  ~TreePass() { stop(); }
  TreePass(const TreePass&) = delete;
  TreePass& operator=(const TreePass&) = delete;

  // Opens the handle and starts the walk of base..head.
  core::Status start(const git_oid& base, const git_oid& head);

  // The next commit, or nullopt once the walk is over.
  std::optional<WalkedCommit> next();

  // After next() gave nullopt: what the walk returned (it may have thrown).
  core::Status finish();

 private:
  // Enough changed files ahead that the tree pass need not wait while this
  // thread works out the final diff (about 100 bytes each), few enough to
  // bound memory; a commit changing more is queued alone.
  static constexpr std::size_t k_max_queued_changes = 65536;
  // Commits are handed over in batches: one wake-up of the other thread per
  // commit cost more than the handover itself.
  static constexpr std::size_t k_batch_commits = 32;

  void run(git_oid base, git_oid head);

  void stop();

  LineOrigins& m_origins;
  const Repository& m_repo;
  const SourceOptions& m_options;
  std::size_t m_pack_cache_bytes;
  std::size_t m_tree_cache_bytes;
  RepositoryPtr m_handle;
  OdbPtr m_odb;
  util::Workers m_thread;  // the tree pass
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::vector<WalkedCommit>> m_queue;
  std::vector<WalkedCommit> m_batch;  // the caller's: the batch next() takes from
  std::size_t m_taken = 0;
  std::size_t m_queued_changes = 0;
  bool m_done = false;
  bool m_cancelled = false;
  core::Status m_status = core::ok_status();
  std::exception_ptr m_exception;
};

}  // namespace nts::git
