#include "git/commit_graph.hpp"

#include <functional>
#include <optional>
#include <queue>
#include <tuple>

#include "git/handle.hpp"
#include "git/history_record.hpp"
#include "git/oid_set.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace nts::git {
namespace {

// The commits a shallow clone stops at. libgit2 1.7 applies these grafts
// itself; 1.5 reports the real parents, which are not in the object database.
OidSet read_shallow_roots(git_repository* repo) {
  OidSet roots;
  std::error_code no_shallow_file;
  std::string listed =
      util::read_file(std::string(git_repository_commondir(repo)) + "shallow", no_shallow_file)
          .value_or("");
  for (std::string_view line : util::split_lines(listed)) {
    git_oid oid;
    if (line.size() >= 40 && git_oid_fromstrn(&oid, line.data(), 40) == 0) {
      roots.insert(oid);
    }
  }
  return roots;
}

}  // namespace

CommitGraph load_commit_graph(git_repository* repo, const std::vector<git_oid>& tips,
                              std::vector<core::ScanIssue>& issues, const HistoryRecord* known) {
  CommitGraph graph;
  OidMap<std::uint32_t> recorded;
  if (known != nullptr) {
    for (std::uint32_t i = 0; i < known->commits.size(); ++i) {
      recorded.emplace(known->commits[i].oid, i);
    }
  }
  OidSet shallow_roots = read_shallow_roots(repo);
  OidMap<std::uint32_t> index;
  struct Pending {
    git_oid oid;
    std::uint32_t child;  // the commit that asked for this parent, UINT32_MAX for a tip
    bool first_parent;
  };
  std::vector<Pending> pending;
  for (const git_oid& tip : tips) {
    pending.push_back({tip, UINT32_MAX, false});
  }
  auto link = [&graph](std::uint32_t parent, const Pending& from) {
    if (from.child != UINT32_MAX) {
      graph.nodes[parent].children.push_back(from.child);
      ++graph.nodes[from.child].parents_left;
      if (from.first_parent) {
        graph.nodes[from.child].first_parent = parent;
      }
    }
  };
  // Reads a commit from the record, or else from the object database.
  auto read_node = [&](const git_oid& oid, std::uint32_t child) -> std::optional<CommitNode> {
    CommitNode node;
    node.oid = oid;
    if (auto found = recorded.find(oid); found != recorded.end()) {
      const RecordedCommit& from = known->commits[found->second];
      node.tree = from.tree;
      node.commit_time = from.commit_time;
      node.author_time = from.author_time;
      for (std::uint32_t parent : from.parents) {
        node.parent_ids.push_back(known->commits[parent].oid);
      }
      return node;
    }
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &oid) != 0) {
      std::string what = "cannot read commit " + oid_hex(oid);
      if (child != UINT32_MAX) {
        what += " (parent of " + oid_hex(graph.nodes[child].oid) + ")";
      }
      core::Error error = last_error(what);
      issues.push_back({core::ScanIssue::Kind::error, "", 0,
                        error.message +
                            "; its history was not scanned: the object is missing or corrupt, "
                            "run `git fsck` or clone the repository again"});
      return std::nullopt;
    }
    CommitPtr commit(raw);
    node.tree = *git_commit_tree_id(commit.get());
    node.commit_time = git_commit_time(commit.get());
    const git_signature* author = git_commit_author(commit.get());
    node.author_time = author != nullptr ? author->when.time : node.commit_time;
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      node.parent_ids.push_back(*git_commit_parent_id(commit.get(), i));
    }
    return node;
  };
  while (!pending.empty()) {
    Pending next = pending.back();
    pending.pop_back();
    const git_oid& oid = next.oid;
    if (auto found = index.find(oid); found != index.end()) {
      link(found->second, next);
      continue;
    }
    std::optional<CommitNode> node = read_node(oid, next.child);
    if (!node) {
      continue;
    }
    auto self = static_cast<std::uint32_t>(graph.nodes.size());
    index.emplace(oid, self);
    graph.nodes.push_back(std::move(*node));
    link(self, next);
    if (shallow_roots.count(oid) != 0) {
      graph.shallow = true;
      continue;
    }
    const auto& parents = graph.nodes[self].parent_ids;
    for (std::size_t i = parents.size();
         i-- > 0;) {  // reversed so the first parent is walked first
      pending.push_back({parents[i], self, i == 0});
    }
  }
  if (!shallow_roots.empty()) {
    graph.shallow = true;
  }
  return graph;
}

std::vector<std::uint32_t> topological_order(CommitGraph& graph) {
  using Ready = std::tuple<std::int64_t, std::uint32_t>;  // (commit time, discovery index)
  std::priority_queue<Ready, std::vector<Ready>, std::greater<>> ready;
  for (std::uint32_t i = 0; i < graph.nodes.size(); ++i) {
    if (graph.nodes[i].parents_left == 0) {
      ready.emplace(graph.nodes[i].commit_time, i);
    }
  }
  std::vector<std::uint32_t> order;
  order.reserve(graph.nodes.size());
  while (!ready.empty()) {
    std::uint32_t next = std::get<1>(ready.top());
    ready.pop();
    order.push_back(next);
    for (std::uint32_t child : graph.nodes[next].children) {
      if (--graph.nodes[child].parents_left == 0) {
        ready.emplace(graph.nodes[child].commit_time, child);
      }
    }
  }
  return order;
}

}  // namespace nts::git
