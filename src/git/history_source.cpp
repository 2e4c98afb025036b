#include <set>

#include "git/blob_pool.hpp"
#include "git/blob_source.hpp"
#include "git/commit_graph.hpp"
#include "git/oid_set.hpp"
#include "git/ref_tips.hpp"

namespace nts::git {
namespace {

constexpr std::uint32_t k_mode_mask = 0170000;
constexpr std::uint32_t k_mode_link = 0120000;

// Walks trees depth first, skipping every tree and blob already seen anywhere
// in the history: a commit costs only what it changed, and each blob is
// queued once, with the first (oldest) commit and path that showed it.
class TreeWalker {
 public:
  TreeWalker(git_repository* repo, const OidSet& head_blobs, BlobPool& pool,
             std::vector<core::ScanIssue>& issues)
      : m_repo(repo), m_head_blobs(head_blobs), m_pool(pool), m_issues(issues) {}

  void walk_commit(const git_oid& tree, const CommitRef& commit, std::uint64_t order) {
    m_commit = &commit;
    m_order = order;
    if (m_seen_trees.insert(tree).second) {
      walk(tree, "");
    }
  }

  void walk_loose_tree(const git_oid& tree, const std::string& prefix) {
    m_commit = nullptr;
    if (m_seen_trees.insert(tree).second) {
      walk(tree, prefix);
    }
  }

  void queue_blob(const git_oid& oid, std::string path) {
    if (!m_seen_blobs.insert(oid).second) {
      return;
    }
    BlobJob job;
    job.oid = oid;
    job.info.path = std::move(path);
    if (m_commit != nullptr) {
      job.info.commit = *m_commit;
    }
    job.info.order = m_order;
    job.info.at_head = m_head_blobs.count(oid) != 0;
    m_pool.push(std::move(job));
  }

  std::size_t seen_blobs() const { return m_seen_blobs.size(); }

 private:
  void walk(const git_oid& tree_id, const std::string& prefix) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, m_repo, &tree_id) != 0) {
      std::string where = prefix.empty() ? std::string(".") : prefix;
      std::string message = last_error("cannot read tree " + oid_hex(tree_id)).message;
      if (m_commit != nullptr) {
        message += " (commit " + m_commit->sha + ")";
      }
      m_issues.push_back({core::ScanIssue::Kind::error, where, 0,
                          message +
                              "; the files below it were not scanned: the object is missing or "
                              "corrupt, run `git fsck` or clone the repository again"});
      return;
    }
    TreePtr tree(raw);
    std::size_t count = git_tree_entrycount(tree.get());
    for (std::size_t i = 0; i < count; ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
      const git_oid& oid = *git_tree_entry_id(entry);
      std::string path = prefix + git_tree_entry_name(entry);
      switch (git_tree_entry_type(entry)) {
        case GIT_OBJECT_TREE:
          if (m_seen_trees.insert(oid).second) {
            walk(oid, path + "/");
          }
          break;
        case GIT_OBJECT_BLOB:
          // A symlink's blob is the link text, never the target: nothing to follow or scan.
          if ((static_cast<std::uint32_t>(git_tree_entry_filemode(entry)) & k_mode_mask) !=
              k_mode_link) {
            queue_blob(oid, std::move(path));
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
  }

  git_repository* m_repo;
  const OidSet& m_head_blobs;
  BlobPool& m_pool;
  std::vector<core::ScanIssue>& m_issues;
  const CommitRef* m_commit = nullptr;
  std::uint64_t m_order = 0;
  OidSet m_seen_trees;
  OidSet m_seen_blobs;
  std::set<std::string> m_noted_submodules;
};

}  // namespace

core::Result<SourceResult> scan_history(const Repository& repo, const SourceOptions& options,
                                        const BlobVisitor& visit) {
  ensure_initialised();
  SourceResult result;
  auto tips = collect_tips(repo, options.refs, result.issues);
  if (!tips) {
    return tips.error();
  }
  if (tips->head) {
    result.head = oid_hex(*tips->head);
  }
  OidSet head_blobs =
      tips->head_tree ? blob_ids_in_tree(repo.get(), *tips->head_tree, result.issues) : OidSet{};

  CommitGraph graph = load_commit_graph(repo.get(), tips->commits, result.issues);
  std::vector<std::uint32_t> order = topological_order(graph);
  result.commits = order.size();

  BlobPool pool(repo, options, visit, options.jobs == 0 ? 1 : options.jobs);
  if (auto started = pool.start(); !started) {
    return started.error();
  }
  TreeWalker walker(repo.get(), head_blobs, pool, result.issues);
  std::uint64_t position = 0;
  for (std::uint32_t index : order) {
    const CommitNode& node = graph.nodes[index];
    CommitRef commit{oid_hex(node.oid), node.author_time};
    walker.walk_commit(node.tree, commit, position++);
  }
  // Refs that name a tree or a blob directly (`git tag v1 <tree>`): no commit to attribute to.
  for (const auto& [name, tree] : tips->trees) {
    walker.walk_loose_tree(tree, "");
  }
  for (const auto& [name, blob] : tips->blobs) {
    walker.queue_blob(blob, name);
  }
  pool.finish(result);

  if (graph.shallow) {
    result.issues.push_back({core::ScanIssue::Kind::note, "", 0,
                             "shallow clone: commits before the clone's depth were not scanned; "
                             "run `git fetch --unshallow` to scan the whole history"});
  }
  return result;
}

}  // namespace nts::git
