#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <iterator>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "git/blob_pool.hpp"
#include "git/blob_source.hpp"
#include "git/commit_additions.hpp"
#include "git/diff_blobs.hpp"
#include "git/oid_set.hpp"
#include "git/pack_backend.hpp"
#include "git/ref_tips.hpp"

namespace nts::git {
namespace {

std::string_view trim_eol(std::string_view line) {
  if (!line.empty() && line.back() == '\n') {
    line.remove_suffix(1);
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

std::uint64_t line_key(std::string_view path, std::string_view line) {
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

// The issue for a commit whose diff failed with `status`; right after the
// failure, on its thread (libgit2's last error is per thread).
core::ScanIssue diff_failure(int status, const std::string& sha) {
  if (status == k_object_over_limit) {  // refused unbuilt: the blob's own scan notes it
    return {core::ScanIssue::Kind::note, "", 0,
            "commit " + sha + " not fully diffed: " + last_error_message() +
                "; its other lines are attributed to the range's head"};
  }
  return {core::ScanIssue::Kind::error, "", 0,
          last_error("cannot diff commit " + sha).message +
              "; its lines are attributed to the range's head instead"};
}

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
  explicit LineOrigins(const SourceOptions& options) : m_finding_lines(options.finding_lines) {}

  core::Status walk(git_repository* repo, CommitAdditions& trees, const git_oid& base,
                    const git_oid& head, const CommitSink& sink) {
    git_revwalk* raw = nullptr;
    if (git_revwalk_new(&raw, repo) != 0) {
      return last_error("cannot walk the range's commits");
    }
    RevwalkPtr walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    if (git_revwalk_push(walk.get(), &head) != 0 || git_revwalk_hide(walk.get(), &base) != 0) {
      return last_error("cannot walk the range's commits");
    }
    git_oid oid;
    int rc = 0;
    while ((rc = git_revwalk_next(&oid, walk.get())) == 0) {
      if (!sink(walk_commit(repo, trees, oid))) {
        return core::ok_status();
      }
    }
    if (rc != GIT_ITEROVER) {
      WalkedCommit failed;
      failed.issue = core::ScanIssue{core::ScanIssue::Kind::error, "", 0,
                                     last_error("cannot walk every commit of the range").message +
                                         "; some lines are attributed to the range's head instead"};
      sink(std::move(failed));
    }
    return core::ok_status();
  }

  // Before the first add_lines().
  void set_asked(LineTexts asked) { m_asked = std::move(asked); }

  void add_lines(CommitAdditions& blobs, const WalkedCommit& commit,
                 std::vector<core::ScanIssue>& issues) {
    if (commit.issue) {
      issues.push_back(*commit.issue);
      return;
    }
    std::uint32_t index = commit.index;
    m_file = nullptr;
    auto on_line = [&](const ChangedFile& file, int number, std::string_view content) {
      std::string_view text = trim_eol(content);
      m_by_path.emplace(line_key(file.path, text), index);
      m_by_text.emplace(line_key("", text), index);
      if (IntroducedBlob* blob = introduced_by_current(file, index)) {
        add_line(*blob, number);
      }
    };
    CommitAdditions::Filter filter{
        [this](const ChangedFile& file, std::string_view content) {
          return wants_lines(file, content);
        },
        [this, index](const ChangedFile& file) {
          if (IntroducedBlob* blob = introduced_by_current(file, index)) {
            add_line(*blob, 1);
          }
        }};
    if (int status =
            blobs.visit_changes(commit.changes, on_line, m_finding_lines ? &filter : nullptr);
        status != 0) {
      issues.push_back(diff_failure(status, commit.sha));
    }
  }

  // Index into commits(), or -1 when no commit of the range added this line.
  int origin(std::string_view path, std::string_view line) const {
    line = trim_eol(line);
    if (auto found = m_by_path.find(line_key(path, line)); found != m_by_path.end()) {
      return static_cast<int>(found->second);
    }
    if (auto found = m_by_text.find(line_key("", line)); found != m_by_text.end()) {
      return static_cast<int>(found->second);
    }
    return -1;
  }

  const std::vector<CommitRef>& commits() const { return m_commits; }
  std::vector<IntroducedBlob>& introduced() { return m_introduced; }

 private:
  // The blob a line of `file` belongs to, when commit `index` introduced it.
  IntroducedBlob* introduced_by_current(const ChangedFile& file, std::uint32_t index) {
    if (&file != m_file) {
      m_file = &file;
      m_current = nullptr;
      if (file.regular) {
        auto [at, added] =
            m_blob_owner.try_emplace(file.blob, static_cast<std::uint32_t>(m_introduced.size()));
        // A blob seen before (an older commit, or another path of this one) is not new.
        if (added) {
          m_introduced.push_back({file.blob, file.path, index, {}});
          m_current = &m_introduced.back();
        }
      }
    }
    return m_current;
  }

  bool wants_lines(const ChangedFile& file, std::string_view content) const {
    bool asked = false;
    if (!m_asked.empty()) {
      for_each_line(content, [&](int, std::string_view line) {
        asked = asked || m_asked.contains(line_key("", trim_eol(line)));
      });
    }
    if (asked) {
      return true;
    }
    if (!file.regular || m_blob_owner.contains(file.blob)) {
      return false;  // not introduced here: its lines are never visited
    }
    return !m_finding_lines(content, file.path).empty();
  }

  static void add_line(IntroducedBlob& blob, int number) {
    if (!blob.lines.empty() && blob.lines.back().last + 1 == number) {
      blob.lines.back().last = number;
    } else {
      blob.lines.push_back({number, number, std::nullopt});
    }
  }

  WalkedCommit walk_commit(git_repository* repo, CommitAdditions& trees, const git_oid& oid) {
    WalkedCommit out;
    out.sha = oid_hex(oid);
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &oid) != 0) {
      out.issue =
          core::ScanIssue{core::ScanIssue::Kind::error, "", 0,
                          last_error("cannot read commit " + out.sha).message + "; run `git fsck`"};
      return out;
    }
    CommitPtr commit(raw);
    std::optional<git_oid> parent_tree;
    if (git_commit_parentcount(commit.get()) > 0) {
      git_commit* raw_parent = nullptr;
      if (git_commit_parent(&raw_parent, commit.get(), 0) == 0) {
        CommitPtr parent(raw_parent);
        parent_tree = *git_commit_tree_id(parent.get());
      }
    }
    const git_signature* author = git_commit_author(commit.get());
    m_commits.push_back(
        {out.sha, author != nullptr ? author->when.time : git_commit_time(commit.get())});
    out.index = static_cast<std::uint32_t>(m_commits.size() - 1);
    const git_oid* parent = parent_tree ? &*parent_tree : nullptr;
    if (int status = trees.changes(parent, *git_commit_tree_id(commit.get()), out.changes);
        status != 0) {
      out.changes.clear();  // as when the trees fail to merge: none of its files is read
      out.issue = diff_failure(status, out.sha);
    }
    return out;
  }

  const std::function<std::vector<int>(std::string_view, const std::string&)>& m_finding_lines;
  LineTexts m_asked;
  std::vector<CommitRef> m_commits;
  std::unordered_map<std::uint64_t, std::uint32_t> m_by_path;  // first (oldest) commit wins
  std::unordered_map<std::uint64_t, std::uint32_t> m_by_text;
  std::vector<IntroducedBlob> m_introduced;
  OidMap<std::uint32_t> m_blob_owner;  // blob -> its entry in m_introduced
  const ChangedFile* m_file = nullptr;
  IntroducedBlob* m_current = nullptr;
};

// Splits the new lines of a blob into runs added by the same commit.
std::vector<LineRange> attribute_lines(std::string_view content, const std::string& path,
                                       const std::vector<LineRange>& added,
                                       const LineOrigins& origins) {
  std::vector<LineRange> out;
  const auto& commits = origins.commits();
  std::size_t range = 0;
  int number = 1;
  for (std::size_t start = 0; start < content.size() && range < added.size(); ++number) {
    std::size_t end = content.find('\n', start);
    end = end == std::string_view::npos ? content.size() : end + 1;
    std::string_view line = content.substr(start, end - start);
    start = end;
    while (range < added.size() && added[range].last < number) {
      ++range;
    }
    if (range == added.size() || number < added[range].first) {
      continue;
    }
    int origin = origins.origin(path, line);
    std::optional<CommitRef> commit =
        origin >= 0 ? std::optional<CommitRef>(commits[static_cast<std::size_t>(origin)])
                    : std::nullopt;
    bool same = !out.empty() && out.back().last + 1 == number &&
                ((!out.back().commit && !commit) ||
                 (out.back().commit && commit && out.back().commit->sha == commit->sha));
    if (same) {
      out.back().last = number;
    } else {
      out.push_back({number, number, std::move(commit)});
    }
  }
  return out;
}

// The asked texts (LineTexts): what finding_lines gives for the new side of
// each regular file `diff` (the merge base against the head) adds or changes,
// with the path the visit of that blob is told. Blobs the visit skips for
// their size ask nothing.
// `quiet` gets the deltas whose new side finding_lines gives nothing for:
// their visit does not depend on which lines are new.
LineTexts asked_texts(git_diff* diff, CommitAdditions& additions, const SourceOptions& options,
                      std::vector<bool>& quiet) {
  LineTexts out;
  quiet.assign(git_diff_num_deltas(diff), false);
  if (!options.finding_lines) {
    return out;
  }
  for (std::size_t i = 0, n = quiet.size(); i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    const git_diff_file& file = delta->new_file;
    std::size_t size = 0;
    if (delta->status == GIT_DELTA_DELETED ||
        (file.mode != GIT_FILEMODE_BLOB && file.mode != GIT_FILEMODE_BLOB_EXECUTABLE) ||
        additions.size_of(file.id, size) != 0 || size > options.max_blob_size) {
      continue;  // what cannot be read here is not visited either
    }
    int status = 0;
    OdbObjectPtr object = additions.read(file.id, status);
    if (!object) {
      continue;
    }
    std::string_view content(static_cast<const char*>(git_odb_object_data(object.get())),
                             git_odb_object_size(object.get()));
    std::vector<int> lines = options.finding_lines(content, file.path);
    if (lines.empty()) {
      quiet[i] = true;
      continue;
    }
    std::sort(lines.begin(), lines.end());
    for_each_line(content, [&](int number, std::string_view line) {
      if (std::binary_search(lines.begin(), lines.end(), number)) {
        out.insert(line_key("", trim_eol(line)));
      }
    });
  }
  return out;
}

core::Result<TreePtr> commit_tree(git_repository* repo, const git_oid& oid) {
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &oid) != 0) {
    return last_error("cannot read commit " + oid_hex(oid));
  }
  CommitPtr commit(raw);
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit.get()) != 0) {
    return last_error("cannot read the tree of commit " + oid_hex(oid));
  }
  return TreePtr(tree);
}

// "'a' and 'b'", built by appending: GCC 12 warns falsely (-Wrestrict) on the
// equivalent chain of operator+ at -O2.
std::string quoted_pair(std::string_view a, std::string_view b) {
  std::string out = "'";
  out.append(a).append("' and '").append(b).append("'");
  return out;
}

// The range walk's delta-base cache: each commit's trees and blobs are the
// next one's bases, as in the history scan's walker. Unlike the history scan,
// the walk reads blobs in commit order, not pack order, so chains are entered
// anywhere: on 2,000 commits of the generated benchmark 16 MB re-inflated
// 380,000 deltas for 59,000 reads, 64 MB 175,000 (4.9 s -> 4.2 s, +50 MB RSS).
// Since the walk reads old versions only where a diff can matter, 32 MB
// (with 16 MB of versions below) is faster than 64 (with 32): 0.83 s against
// 0.95 s on 2,080 commits, 1.83 s against 2.12 s on 4,500; 16 MB is as fast
// on the first and slower on the second. Fewer page faults, 35 MB less RSS.
constexpr std::size_t k_range_cache_bytes = std::size_t{32} << 20;
// The versions the walk read last (trees and blobs): the next commit that
// changes a file diffs against the version read here.
constexpr std::size_t k_range_blob_cache_bytes = std::size_t{16} << 20;

// The tree pass (LineOrigins::walk) on a thread of its own, with its own
// handle on the repository (libgit2 objects are not shared between threads)
// and its own cache of trees, handing the commits over through a bounded
// queue, so that the caller's thread meanwhile diffs the merge base against
// the head and then reads the commits' files as they come.
class TreePass {
 public:
  TreePass(LineOrigins& origins, const Repository& repo, const SourceOptions& options)
      : m_origins(origins), m_repo(repo), m_options(options) {}
  ~TreePass() { stop(); }
  TreePass(const TreePass&) = delete;
  TreePass& operator=(const TreePass&) = delete;

  core::Status start(const git_oid& base, const git_oid& head) {
    auto handle =
        open_handle_reading_packs(m_repo, k_range_cache_bytes, max_object_bytes(m_options));
    if (!handle) {
      return handle.error();
    }
    m_handle = std::move(*handle);
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, m_handle.get()) != 0) {
      return last_error("cannot open the object database", git_repository_path(m_handle.get()));
    }
    m_odb.reset(raw_odb);
    m_thread = std::thread([this, base, head] { run(base, head); });
    return core::ok_status();
  }

  // The next commit, or nullopt once the walk is over.
  std::optional<WalkedCommit> next() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_queue.empty() || m_done; });
    if (m_queue.empty()) {
      return std::nullopt;
    }
    WalkedCommit out = std::move(m_queue.front());
    m_queue.pop_front();
    m_queued_changes -= out.changes.size();
    m_changed.notify_all();
    return out;
  }

  // After next() gave nullopt: what the walk returned (it may have thrown).
  core::Status finish() {
    stop();
    if (m_exception) {
      std::rethrow_exception(m_exception);
    }
    return m_status;
  }

 private:
  // Enough changed files ahead that the tree pass need not wait while this
  // thread works out the final diff (about 100 bytes each), few enough to
  // bound memory; a commit changing more is queued alone.
  static constexpr std::size_t k_max_queued_changes = 65536;

  void run(git_oid base, git_oid head) {
    try {
      CommitAdditions trees(m_odb.get(), k_range_blob_cache_bytes);
      m_status = m_origins.walk(m_handle.get(), trees, base, head, [this](WalkedCommit&& commit) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] {
          return m_queue.empty() ||
                 m_queued_changes + commit.changes.size() <= k_max_queued_changes || m_cancelled;
        });
        if (m_cancelled) {
          return false;
        }
        m_queued_changes += commit.changes.size();
        m_queue.push_back(std::move(commit));
        m_changed.notify_all();
        return true;
      });
    } catch (...) {
      m_exception = std::current_exception();
    }
    std::lock_guard lock(m_mutex);
    m_done = true;
    m_changed.notify_all();
  }

  void stop() {
    {
      std::lock_guard lock(m_mutex);
      m_cancelled = true;
      m_changed.notify_all();
    }
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }

  LineOrigins& m_origins;
  const Repository& m_repo;
  const SourceOptions& m_options;
  RepositoryPtr m_handle;
  OdbPtr m_odb;
  std::thread m_thread;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<WalkedCommit> m_queue;
  std::size_t m_queued_changes = 0;
  bool m_done = false;
  bool m_cancelled = false;
  core::Status m_status = core::ok_status();
  std::exception_ptr m_exception;
};

}  // namespace

core::Result<std::pair<std::string, std::string>> parse_range(std::string_view spec) {
  std::size_t dots = spec.find("..");
  if (dots == std::string_view::npos) {
    if (spec.empty()) {
      core::Error error;
      error.message = "empty --range";
      error.hint = "pass BASE..HEAD, for example origin/main..HEAD";
      return error;
    }
    return std::pair<std::string, std::string>(std::string(spec), "HEAD");
  }
  std::size_t after = spec.compare(dots, 3, "...") == 0 ? dots + 3 : dots + 2;
  std::string base(spec.substr(0, dots));
  std::string head(spec.substr(after));
  return std::pair<std::string, std::string>(base.empty() ? "HEAD" : base,
                                             head.empty() ? "HEAD" : head);
}

core::Result<SourceResult> scan_range(const Repository& repo, std::string_view base,
                                      std::string_view head, const SourceOptions& options,
                                      const BlobVisitor& visit) {
  ensure_initialised();
  // Every commit of the range is diffed: reads go through our pack reader
  // (as the history scan's do), which also refuses delta bombs.
  auto private_handle =
      open_handle_reading_packs(repo, k_range_cache_bytes, max_object_bytes(options));
  if (!private_handle) {
    return private_handle.error();
  }
  git_repository* handle = private_handle->get();
  auto base_oid = resolve_commit(handle, base);
  if (!base_oid) {
    return base_oid.error();
  }
  auto head_oid = resolve_commit(handle, head);
  if (!head_oid) {
    return head_oid.error();
  }
  SourceResult result;
  result.head = oid_hex(*head_oid);
  // The range's commits: their trees on another thread from here on (when
  // two jobs are allowed), their files once the final diff below says which
  // lines it asks about. Their diffs read the versions the final diff and
  // the head's blobs need, and leave them in `additions`' cache.
  LineOrigins origins(options);
  std::optional<TreePass> tree_pass;
  if (options.jobs >= 2) {
    tree_pass.emplace(origins, repo, options);
    if (auto started = tree_pass->start(*base_oid, *head_oid); !started) {
      return started.error();
    }
  }

  // `git diff base...head`: from the merge base, so what base gained since is not "added".
  TreePtr old_tree;
  git_oid merge_base;
  int rc = git_merge_base(&merge_base, handle, &*base_oid, &*head_oid);
  if (rc == 0) {
    auto tree = commit_tree(handle, merge_base);
    if (!tree) {
      return tree.error();
    }
    old_tree = std::move(*tree);
    result.base = oid_hex(merge_base);
  } else if (rc == GIT_ENOTFOUND) {
    result.issues.push_back(
        {core::ScanIssue::Kind::note, "", 0,
         quoted_pair(base, head) + " share no history: every file of the head is scanned"});
  } else {
    return last_error("cannot find the merge base of " + quoted_pair(base, head));
  }
  auto new_tree = commit_tree(handle, *head_oid);
  if (!new_tree) {
    return new_tree.error();
  }
  git_diff_options diff_options = added_lines_diff_options();
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_tree(&raw_diff, handle, old_tree.get(), new_tree->get(), &diff_options) !=
      0) {
    return last_error("cannot diff the merge base of " + quoted_pair(base, head) +
                      " against the head");
  }
  DiffPtr diff(raw_diff);
  find_renames(diff.get(), result.issues);
  result.changed_paths = changed_paths(diff.get());
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, handle) != 0) {
    return last_error("cannot open the object database", git_repository_path(handle));
  }
  OdbPtr odb(raw_odb);
  CommitAdditions additions(odb.get(), k_range_blob_cache_bytes);
  std::vector<bool> quiet;
  origins.set_asked(asked_texts(diff.get(), additions, options, quiet));
  std::vector<core::ScanIssue> walk_issues;  // reported after the final diff's, as they come
  if (tree_pass) {
    while (std::optional<WalkedCommit> commit = tree_pass->next()) {
      origins.add_lines(additions, *commit, walk_issues);
    }
    if (auto walked = tree_pass->finish(); !walked) {
      return walked.error();
    }
  } else {
    CommitAdditions trees(odb.get(), k_range_blob_cache_bytes);
    auto walked = origins.walk(handle, trees, *base_oid, *head_oid, [&](WalkedCommit&& commit) {
      origins.add_lines(additions, commit, walk_issues);
      return true;
    });
    if (!walked) {
      return walked.error();
    }
  }
  ObjectReader read_cached = [&additions](const git_oid& oid, OdbObjectPtr& object) {
    int status = 0;
    object = additions.read(oid, status);
    return status;
  };
  std::vector<ChangedBlob> changed =
      changed_blobs(handle, diff.get(), options, result.issues, read_cached,
                    [&quiet](std::size_t i) { return !quiet[i]; });
  std::move(walk_issues.begin(), walk_issues.end(), std::back_inserter(result.issues));
  result.commits = origins.commits().size();
  std::optional<CommitRef> head_commit;
  for (const CommitRef& commit : origins.commits()) {
    if (commit.sha == *result.head) {
      head_commit = commit;
    }
  }
  if (!head_commit) {
    head_commit = CommitRef{*result.head, 0};
  }
  auto scan_blob = [&](const git_oid& oid, BlobToScan& info, auto&& lines_of) {
    if (options.stop && options.stop()) {
      return;
    }
    OdbObjectPtr object =
        read_blob_for_scan(odb.get(), oid, info, options, result.issues, read_cached);
    if (!object) {
      return;
    }
    info.content = std::string_view(static_cast<const char*>(git_odb_object_data(object.get())),
                                    git_odb_object_size(object.get()));
    info.added_lines = lines_of(info);
    if (info.added_lines.empty()) {
      return;
    }
    visit(info);
    ++result.blobs;
    result.bytes += info.content.size();
  };

  // What the head holds: the final diff's lines, each with the commit that added it.
  OidSet scanned;
  for (ChangedBlob& blob : changed) {
    scanned.insert(blob.oid);
    BlobToScan info;
    info.path = std::move(blob.path);
    info.commit = head_commit;
    info.at_head = true;
    scan_blob(blob.oid, info, [&](const BlobToScan& scanned_blob) {
      return attribute_lines(scanned_blob.content, scanned_blob.path, blob.added_lines, origins);
    });
  }

  // What commits of the range added and later ones changed or removed again:
  // each blob once, only the lines its commit added, never a blob BASE holds.
  std::vector<IntroducedBlob>& introduced = origins.introduced();
  std::erase_if(introduced, [&](const IntroducedBlob& blob) {
    return blob.lines.empty() || scanned.contains(blob.oid);
  });
  if (introduced.empty()) {
    return result;
  }
  OidSet in_base;
  if (old_tree) {
    in_base = blob_ids_in_tree(handle, *git_tree_id(old_tree.get()), result.issues);
  }
  for (IntroducedBlob& blob : introduced) {
    if (in_base.contains(blob.oid)) {
      continue;
    }
    const CommitRef& commit = origins.commits()[blob.commit];
    for (LineRange& range : blob.lines) {
      range.commit = commit;
    }
    BlobToScan info;
    info.path = std::move(blob.path);
    info.commit = commit;
    info.order = std::uint64_t{blob.commit} + 1;  // the head's own lines (order 0) come first
    info.at_head = false;
    scan_blob(blob.oid, info, [&](const BlobToScan&) { return std::move(blob.lines); });
  }
  return result;
}

}  // namespace nts::git
