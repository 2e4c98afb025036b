#include <algorithm>
#include <iterator>

#include "git/blob_pool.hpp"
#include "git/blob_source.hpp"
#include "git/commit_additions.hpp"
#include "git/diff_blobs.hpp"
#include "git/oid_set.hpp"
#include "git/pack_backend.hpp"
#include "git/range_walk.hpp"
#include "git/ref_tips.hpp"
#include "util/heap.hpp"

namespace nts::git {
namespace {

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
// The tree pass's own delta-base cache, when it runs on a thread of its own:
// 16 MB was as fast as 32 (0.69 s against 0.76 s at load 1.2, 2,080 commits;
// 0.99 s against 1.03 s on 4,500), for 16 MB less RSS.
constexpr std::size_t k_tree_pass_cache_bytes = std::size_t{16} << 20;

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
  util::prefer_huge_pages_for_walk();
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
    tree_pass.emplace(origins, repo, options, k_tree_pass_cache_bytes, k_range_blob_cache_bytes);
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
