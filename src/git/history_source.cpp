#include <algorithm>
#include <mutex>
#include <set>

#include "git/blob_pool.hpp"
#include "git/blob_source.hpp"
#include "git/commit_graph.hpp"
#include "git/history_record.hpp"
#include "git/oid_set.hpp"
#include "git/pack_backend.hpp"
#include "git/raw_tree_walk.hpp"
#include "git/ref_tips.hpp"
#include "gitfmt/raw_tree.hpp"
#include "util/bytes.hpp"
#include "util/file.hpp"
#include "util/heap.hpp"
#include "util/sha256.hpp"

namespace nts::git {
namespace {

// A walk this long allocates hundreds of MiB: its heaps go on huge pages
// (util::prefer_huge_pages_for_walk). A shorter one would pay more for
// setting that up than it saves: an org batch of 200 two-commit
// repositories took 1.08 s instead of 0.73.
constexpr std::size_t k_large_walk_commits = 500;

// Walks each commit's tree against its first parent's, depth first: entries
// the parent has unchanged are skipped without a lookup, and a changed entry
// is walked only if its id was never seen anywhere in the history (merges,
// reverts, cherry-picks bring back known trees and blobs). So a commit costs
// what it changed, and each blob is queued once, with the first (oldest)
// commit and path that showed it.
class TreeWalker {
 public:
  TreeWalker(git_odb* odb, const OidSet& head_blobs, BlobPool& pool,
             std::vector<core::ScanIssue>& issues, bool name_blobs)
      : m_odb(odb),
        m_head_blobs(head_blobs),
        m_pool(pool),
        m_issues(issues),
        m_name_blobs(name_blobs) {}

  // Continues after the walk `record` describes: what it met is known.
  void restore(HistoryRecord& record) {
    m_seen_trees = std::move(record.trees);
    m_seen_blobs = std::move(record.blobs);
    m_noted_submodules.insert(record.submodules.begin(), record.submodules.end());
  }
  void save(HistoryRecord& record) {
    record.trees = std::move(m_seen_trees);
    record.blobs = std::move(m_seen_blobs);
    record.submodules.assign(m_noted_submodules.begin(), m_noted_submodules.end());
  }

  void walk_commit(const git_oid& tree, const git_oid* parent_tree, const CommitRef& commit,
                   std::uint64_t order) {
    m_commit = &commit;
    m_order = order;
    if (m_seen_trees.insert(tree)) {
      std::string prefix;
      walk(tree, parent_tree, prefix);
    }
  }

  void walk_loose_tree(const git_oid& tree) {
    m_commit = nullptr;
    if (m_seen_trees.insert(tree)) {
      std::string prefix;
      walk(tree, nullptr, prefix);
    }
  }

  void queue_blob(const git_oid& oid, std::string path) {
    if (!m_seen_blobs.insert(oid)) {
      return;
    }
    BlobJob job;
    job.oid = oid;
    job.info.path = std::move(path);
    if (m_commit != nullptr) {
      job.info.commit = *m_commit;
    }
    job.info.order = m_order;
    job.info.at_head = m_head_blobs.contains(oid);
    if (m_name_blobs) {
      job.info.blob_id = oid_hex(oid);
    }
    m_pool.push(std::move(job));
  }

 private:
  OdbObjectPtr read_tree(const git_oid& id) { return read_raw_tree(m_odb, id); }

  void report_unreadable(const std::string& prefix, std::string message) {
    if (m_commit != nullptr) {
      message += " (commit " + m_commit->sha + ")";
    }
    m_issues.push_back({core::ScanIssue::Kind::error, prefix.empty() ? "." : prefix, 0,
                        message + "; the files below it were not scanned: the object is missing or "
                                  "corrupt, run `git fsck` or clone the repository again"});
  }

  // `prefix` is the tree's path with a trailing '/' ("" at the root); it is
  // extended in place for each entry and restored, to spare an allocation per
  // entry. Both trees are sorted the same way, so one merge pass pairs each
  // entry with the parent's entry of the same name.
  void walk(const git_oid& tree_id, const git_oid* parent_id, std::string& prefix) {
    OdbObjectPtr tree = read_tree(tree_id);
    if (!tree) {
      report_unreadable(prefix, last_error("cannot read tree " + oid_hex(tree_id)).message);
      return;
    }
    // An unreadable parent tree was reported when its own commit was walked.
    OdbObjectPtr parent = parent_id != nullptr ? read_tree(*parent_id) : nullptr;
    // An entry unchanged since the first parent was walked with it.
    gitfmt::ChangedTreeEntries changes(object_bytes(tree.get()), object_bytes(parent.get()));
    std::size_t base = prefix.size();
    gitfmt::RawTreeEntry entry;
    const gitfmt::RawTreeEntry* before = nullptr;
    while (changes.next(entry, before)) {
      gitfmt::ObjectType type = entry.type();
      bool parent_has_same_type = before != nullptr && before->type() == type;
      prefix.append(entry.name);
      git_oid before_id = parent_has_same_type ? to_git(before->id) : git_oid{};
      visit_changed(entry, to_git(type), parent_has_same_type ? &before_id : nullptr, prefix);
      prefix.resize(base);
    }
    if (changes.malformed()) {
      report_unreadable(prefix,
                        "cannot parse tree " + oid_hex(tree_id) + ": an entry is malformed");
    }
  }

  void visit_changed(const gitfmt::RawTreeEntry& entry, git_object_t type, const git_oid* before,
                     std::string& path) {
    git_oid id = to_git(entry.id);
    switch (type) {
      case GIT_OBJECT_TREE:
        if (m_seen_trees.insert(id)) {
          path.push_back('/');
          walk(id, before, path);
        }
        break;
      case GIT_OBJECT_BLOB:
        // A symlink's blob is the link text, never the target: nothing to follow or scan.
        if (!entry.is_symlink() && !m_seen_blobs.contains(id)) {
          queue_blob(id, path);
        }
        break;
      case GIT_OBJECT_COMMIT:
        if (m_noted_submodules.insert(path).second) {
          m_issues.push_back({core::ScanIssue::Kind::note, path, 0,
                              "submodule skipped; scan its repository separately"});
        }
        break;
      default:
        break;
    }
  }

  git_odb* m_odb;
  const OidSet& m_head_blobs;
  BlobPool& m_pool;
  std::vector<core::ScanIssue>& m_issues;
  bool m_name_blobs;
  const CommitRef* m_commit = nullptr;
  std::uint64_t m_order = 0;
  OidSet m_seen_trees;
  OidSet m_seen_blobs;
  std::set<std::string> m_noted_submodules;
};

// Process-wide libgit2 settings, set once. Each tree is read again as the next
// commit's parent tree: cache trees of any size (libgit2 caches only those
// under 4 KiB by default), or wide directories are read twice. The cache only
// needs to span one commit: older versions are rebuilt from the delta-base
// caches below at the cost of one delta (8 MB measured as fast as 48 MB on the
// 5,000-commit benchmark, with 90 MB less memory). Object hashes are not re-verified on read (`git
// cat-file` doesn't either): a corrupt object still fails zlib's own checksum.
void tune_libgit2_for_history() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, std::size_t{1} << 20);
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(std::size_t{8} << 20));
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  });
}

// Delta-base caches of our pack reader: the walker's holds the versions of
// the trees it diffs, each blob reader's the versions of the files it reads.
// Bounded, so memory stays flat however long the history is. Larger caches
// were slower on the benchmark (64 + 2 x 32 MB: 2.5 s CPU, 290 MB; these:
// 1.2 s, 95 MB): the intermediate results that matter are the last few
// versions of each directory and file, and every byte cached is a page fault.
constexpr std::size_t k_walker_cache_bytes = std::size_t{16} << 20;
constexpr std::size_t k_blob_reader_cache_bytes = std::size_t{8} << 20;

// A handle of the scan's own, reading the packs with our decoder: its caches
// are freed with it, and the caller's handle is left as it was.
core::Result<RepositoryPtr> open_walker_handle(const Repository& repo,
                                               const std::shared_ptr<const gitfmt::PackSet>& packs,
                                               std::size_t max_object_bytes) {
  auto handle = open_private_handle(repo);
  if (!handle || !packs) {
    return handle;
  }
  if (auto added = add_pack_backend(handle->get(), packs, k_walker_cache_bytes, max_object_bytes);
      !added) {
    return added.error();
  }
  return handle;
}

// The record resumes this walk when its commits are, in order, the first
// ones of the walk: everything they introduced is then attributed as before.
bool continues(const HistoryRecord& record, const CommitGraph& graph,
               const std::vector<std::uint32_t>& order) {
  if (record.commits.size() > order.size()) {
    return false;
  }
  for (std::size_t i = 0; i < record.commits.size(); ++i) {
    if (!OidEqual{}(record.commits[i].oid, graph.nodes[order[i]].oid)) {
      return false;
    }
  }
  return true;
}

std::string make_record(const CommitGraph& graph, const std::vector<std::uint32_t>& order,
                        TreeWalker& walker, const SourceResult& result) {
  HistoryRecord record;
  OidMap<std::uint32_t> position;
  for (const std::uint32_t node : order) {
    const CommitNode& commit = graph.nodes[node];
    RecordedCommit recorded{commit.oid, commit.tree, commit.commit_time, commit.author_time, {}};
    for (const git_oid& parent : commit.parent_ids) {
      auto found = position.find(parent);
      if (found == position.end()) {
        return {};  // a parent outside the walk: nothing to continue from
      }
      recorded.parents.push_back(found->second);
    }
    position.emplace(commit.oid, static_cast<std::uint32_t>(record.commits.size()));
    record.commits.push_back(std::move(recorded));
  }
  walker.save(record);
  record.issues = result.issues;
  record.blobs_visited = result.blobs;
  record.bytes = result.bytes;
  return record.serialize();
}

}  // namespace

std::optional<std::string> history_tips_id(const Repository& repo,
                                           const std::vector<std::string>& revisions) {
  ensure_initialised();
  std::vector<core::ScanIssue> issues;
  auto tips = collect_tips(repo, revisions, issues);
  if (!tips || !issues.empty()) {
    return std::nullopt;
  }
  util::ByteWriter out;
  auto oid = [&](const git_oid& id) {
    out.raw(std::string_view(reinterpret_cast<const char*>(id.id), sizeof(id.id)));
  };
  out.u64(tips->commits.size());
  for (const git_oid& commit : tips->commits) {
    oid(commit);
  }
  for (const auto* named : {&tips->trees, &tips->blobs}) {
    out.u64(named->size());
    for (const auto& [name, id] : *named) {
      out.str(name);
      oid(id);
    }
  }
  out.u64(tips->head ? 1 : 0);
  oid(tips->head.value_or(git_oid{}));
  oid(tips->head_tree.value_or(git_oid{}));
  std::error_code no_shallow_file;
  out.str(util::read_file(std::string(git_repository_commondir(repo.get())) + "shallow",
                          no_shallow_file)
              .value_or(""));
  return util::sha256_hex(out.bytes());
}

core::Result<SourceResult> scan_history(const Repository& repo, const SourceOptions& options,
                                        const BlobVisitor& visit) {
  ensure_initialised();
  tune_libgit2_for_history();
  SourceResult result;
  auto tips = collect_tips(repo, options.refs, result.issues);
  if (!tips) {
    return tips.error();
  }
  if (tips->head) {
    result.head = oid_hex(*tips->head);
  }
  std::shared_ptr<const gitfmt::PackSet> packs = open_repository_packs(repo.get());
  auto walker_repo = open_walker_handle(repo, packs, max_object_bytes(options));
  if (!walker_repo) {
    return walker_repo.error();
  }
  git_repository* walk_repo = walker_repo->get();
  auto head_blobs = std::make_shared<OidSet>(
      tips->head_tree ? blob_ids_in_tree(walk_repo, *tips->head_tree, result.issues) : OidSet{});

  const bool loose_tips = !tips->trees.empty() || !tips->blobs.empty();
  std::optional<HistoryRecord> previous;
  if (!options.resume.empty() && !loose_tips) {
    previous = HistoryRecord::parse(options.resume);
  }
  CommitGraph graph =
      load_commit_graph(walk_repo, tips->commits, result.issues, previous ? &*previous : nullptr);
  std::vector<std::uint32_t> order = topological_order(graph);
  result.commits = order.size();

  BlobPool pool(repo, options, visit, options.jobs == 0 ? 1 : options.jobs);
  if (order.size() >= k_large_walk_commits) {
    util::prefer_huge_pages_for_walk();
    pool.use_huge_heaps();
  }
  if (packs) {
    pool.read_packs_with(packs, k_blob_reader_cache_bytes, max_object_bytes(options));
  }
  if (auto started = pool.start(); !started) {
    return started.error();
  }
  git_odb* walk_odb = nullptr;
  if (git_repository_odb(&walk_odb, walk_repo) != 0) {
    return last_error("cannot open the object database");
  }
  OdbPtr owned_odb(walk_odb);
  TreeWalker walker(walk_odb, *head_blobs, pool, result.issues, options.record != nullptr);
  std::size_t first = 0;
  if (previous && !graph.shallow && continues(*previous, graph, order)) {
    first = previous->commits.size();
    walker.restore(*previous);
    result.issues.insert(result.issues.end(), previous->issues.begin(), previous->issues.end());
    result.resumed_commits = first;
    result.at_head = [head_blobs](const std::string& id) {
      git_oid oid;
      return git_oid_fromstrn(&oid, id.data(), id.size()) == 0 && head_blobs->contains(oid);
    };
  }
  // One walker on this thread: a second one on the later half of the
  // commits was tried and cost more than it saved (it re-reads every tree the
  // first half already knew, on a cache of its own: 2.9 s -> 3.6 s on the
  // 5,000-commit benchmark).
  bool stopped = false;
  for (std::size_t position = first; position < order.size(); ++position) {
    if (options.stop && options.stop()) {
      stopped = true;
      break;
    }
    const CommitNode& node = graph.nodes[order[position]];
    CommitRef commit{oid_hex(node.oid), node.author_time};
    const git_oid* parent_tree =
        node.first_parent != UINT32_MAX ? &graph.nodes[node.first_parent].tree : nullptr;
    walker.walk_commit(node.tree, parent_tree, commit, position);
  }
  // Refs that name a tree or a blob directly (`git tag v1 <tree>`): no commit to attribute to.
  for (const auto& [name, tree] : tips->trees) {
    walker.walk_loose_tree(tree);
  }
  for (const auto& [name, blob] : tips->blobs) {
    walker.queue_blob(blob, name);
  }
  pool.finish(result);
  if (previous && result.resumed_commits > 0) {
    result.blobs += previous->blobs_visited;
    result.bytes += previous->bytes;
  }
  if (options.record != nullptr) {
    options.record->clear();
    bool errors = std::any_of(result.issues.begin(), result.issues.end(), [](const auto& issue) {
      return issue.kind == core::ScanIssue::Kind::error;
    });
    stopped = stopped || (options.stop && options.stop());
    if (!errors && !stopped && !graph.shallow && !loose_tips) {
      *options.record = make_record(graph, order, walker, result);
    }
  }

  if (graph.shallow) {
    result.issues.push_back({core::ScanIssue::Kind::note, "", 0,
                             "shallow clone: commits before the clone's depth were not scanned; "
                             "run `git fetch --unshallow` to scan the whole history"});
  }
  return result;
}

}  // namespace nts::git
