#include <unordered_map>

#include "git/blob_pool.hpp"
#include "git/blob_source.hpp"
#include "git/diff_blobs.hpp"
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

// Which commit of the range first added each line: every commit of
// `base..head`, oldest first, diffed against its first parent. A line is
// looked up by path and text, then by text alone (it may have been added
// under a name the file later lost).
class LineOrigins {
 public:
  core::Status collect(git_repository* repo, const git_oid& base, const git_oid& head,
                       std::vector<core::ScanIssue>& issues) {
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
      add_commit(repo, oid, issues);
    }
    if (rc != GIT_ITEROVER) {
      issues.push_back({core::ScanIssue::Kind::error, "", 0,
                        last_error("cannot walk every commit of the range").message +
                            "; some lines are attributed to the range's head instead"});
    }
    return core::ok_status();
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

 private:
  void add_commit(git_repository* repo, const git_oid& oid, std::vector<core::ScanIssue>& issues) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &oid) != 0) {
      issues.push_back(
          {core::ScanIssue::Kind::error, "", 0,
           last_error("cannot read commit " + oid_hex(oid)).message + "; run `git fsck`"});
      return;
    }
    CommitPtr commit(raw);
    TreePtr tree;
    TreePtr parent_tree;
    git_tree* raw_tree = nullptr;
    if (git_commit_tree(&raw_tree, commit.get()) != 0) {
      issues.push_back({core::ScanIssue::Kind::error, "", 0,
                        last_error("cannot read the tree of commit " + oid_hex(oid)).message +
                            "; run `git fsck`"});
      return;
    }
    tree.reset(raw_tree);
    if (git_commit_parentcount(commit.get()) > 0) {
      git_commit* raw_parent = nullptr;
      if (git_commit_parent(&raw_parent, commit.get(), 0) == 0) {
        CommitPtr parent(raw_parent);
        if (git_commit_tree(&raw_tree, parent.get()) == 0) {
          parent_tree.reset(raw_tree);
        }
      }
    }
    const git_signature* author = git_commit_author(commit.get());
    m_commits.push_back(
        {oid_hex(oid), author != nullptr ? author->when.time : git_commit_time(commit.get())});
    git_diff_options options = added_lines_diff_options();
    git_diff* raw_diff = nullptr;
    if (git_diff_tree_to_tree(&raw_diff, repo, parent_tree.get(), tree.get(), &options) != 0) {
      issues.push_back({core::ScanIssue::Kind::error, "", 0,
                        last_error("cannot diff commit " + oid_hex(oid)).message +
                            "; its lines are attributed to the range's head instead"});
      return;
    }
    DiffPtr diff(raw_diff);
    auto on_line = [](const git_diff_delta* delta, const git_diff_hunk*, const git_diff_line* line,
                      void* payload) -> int {
      if (line->origin == GIT_DIFF_LINE_ADDITION) {
        auto* self = static_cast<LineOrigins*>(payload);
        auto index = static_cast<std::uint32_t>(self->m_commits.size() - 1);
        std::string_view text = trim_eol(std::string_view(line->content, line->content_len));
        self->m_by_path.emplace(line_key(delta->new_file.path, text), index);
        self->m_by_text.emplace(line_key("", text), index);
      }
      return 0;
    };
    if (git_diff_foreach(diff.get(), nullptr, nullptr, nullptr, on_line, this) != 0) {
      issues.push_back({core::ScanIssue::Kind::error, "", 0,
                        last_error("cannot diff commit " + oid_hex(oid)).message +
                            "; its lines are attributed to the range's head instead"});
    }
  }

  std::vector<CommitRef> m_commits;
  std::unordered_map<std::uint64_t, std::uint32_t> m_by_path;  // first (oldest) commit wins
  std::unordered_map<std::uint64_t, std::uint32_t> m_by_text;
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
  git_repository* handle = repo.get();
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
  std::vector<ChangedBlob> changed = changed_blobs(handle, diff.get(), options, result.issues);
  if (changed.empty()) {
    return result;
  }

  LineOrigins origins;
  if (auto collected = origins.collect(handle, *base_oid, *head_oid, result.issues); !collected) {
    return collected.error();
  }
  std::optional<CommitRef> head_commit;
  for (const CommitRef& commit : origins.commits()) {
    if (commit.sha == *result.head) {
      head_commit = commit;
    }
  }
  if (!head_commit) {
    head_commit = CommitRef{*result.head, 0};
  }
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, handle) != 0) {
    return last_error("cannot open the object database", git_repository_path(handle));
  }
  OdbPtr odb(raw_odb);
  for (ChangedBlob& blob : changed) {
    BlobToScan info;
    info.path = std::move(blob.path);
    info.commit = head_commit;
    info.at_head = true;
    OdbObjectPtr object = read_blob_for_scan(odb.get(), blob.oid, info, options, result.issues);
    if (!object) {
      continue;
    }
    info.content = std::string_view(static_cast<const char*>(git_odb_object_data(object.get())),
                                    git_odb_object_size(object.get()));
    info.added_lines = attribute_lines(info.content, info.path, blob.added_lines, origins);
    if (info.added_lines.empty()) {
      continue;
    }
    visit(info);
    ++result.blobs;
    result.bytes += info.content.size();
  }
  result.commits = origins.commits().size();
  return result;
}

}  // namespace nts::git
