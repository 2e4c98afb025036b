#include "git/range_walk.hpp"

#include "git/blob_pool.hpp"
#include "git/pack_backend.hpp"
#include "util/heap.hpp"

namespace nts::git {
namespace {

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

}  // namespace

core::Status LineOrigins::walk(git_repository* repo, CommitAdditions& trees, const git_oid& base,
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

void LineOrigins::add_lines(CommitAdditions& blobs, const WalkedCommit& commit,
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
  CommitAdditions::Filter filter{[this](const ChangedFile& file, std::string_view content) {
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

int LineOrigins::origin(std::string_view path, std::string_view line) const {
  line = trim_eol(line);
  if (auto found = m_by_path.find(line_key(path, line)); found != m_by_path.end()) {
    return static_cast<int>(found->second);
  }
  if (auto found = m_by_text.find(line_key("", line)); found != m_by_text.end()) {
    return static_cast<int>(found->second);
  }
  return -1;
}

IntroducedBlob* LineOrigins::introduced_by_current(const ChangedFile& file, std::uint32_t index) {
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

bool LineOrigins::wants_lines(const ChangedFile& file, std::string_view content) const {
  bool asked = false;
  if (!m_asked.empty()) {
    for_each_line(content, [&](int, std::string_view line) {
      asked = asked || m_asked.contains(line_key("", trim_eol(line)));
    });
  }
  if (asked) {
    return true;
  }
  if (!file.regular || m_blob_owner.contains(file.blob) || content.size() > m_max_blob_size) {
    return false;  // not introduced here, or too large: its lines are never visited
  }
  return !m_finding_lines(content, file.path).empty();
}

void LineOrigins::add_line(IntroducedBlob& blob, int number) {
  if (!blob.lines.empty() && blob.lines.back().last + 1 == number) {
    blob.lines.back().last = number;
  } else {
    blob.lines.push_back({number, number, std::nullopt});
  }
}

WalkedCommit LineOrigins::walk_commit(git_repository* repo, CommitAdditions& trees,
                                      const git_oid& oid) {
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

core::Status TreePass::start(const git_oid& base, const git_oid& head) {
  auto handle = open_handle_reading_packs(m_repo, m_pack_cache_bytes, max_object_bytes(m_options));
  if (!handle) {
    return handle.error();
  }
  m_handle = std::move(*handle);
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, m_handle.get()) != 0) {
    return last_error("cannot open the object database", git_repository_path(m_handle.get()));
  }
  m_odb.reset(raw_odb);
  m_thread = util::Workers(0, 1, [this, base, head](unsigned) {
    util::prefer_huge_thread_heap_pages();
    run(base, head);
  });
  return core::ok_status();
}

std::optional<WalkedCommit> TreePass::next() {
  if (m_taken == m_batch.size()) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_queue.empty() || m_done; });
    if (m_queue.empty()) {
      return std::nullopt;
    }
    m_batch = std::move(m_queue.front());
    m_queue.pop_front();
    m_taken = 0;
    for (const WalkedCommit& commit : m_batch) {
      m_queued_changes -= commit.changes.size();
    }
    m_changed.notify_all();
  }
  return std::move(m_batch[m_taken++]);
}

core::Status TreePass::finish() {
  stop();
  if (m_exception) {
    std::rethrow_exception(m_exception);
  }
  return m_status;
}

void TreePass::run(git_oid base, git_oid head) {
  try {
    CommitAdditions trees(m_odb.get(), m_tree_cache_bytes);
    std::vector<WalkedCommit> batch;
    std::size_t changes = 0;
    // Hands the batch over; false once the caller stopped the walk.
    auto hand_over = [&] {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [&] {
        return m_queue.empty() || m_queued_changes + changes <= k_max_queued_changes || m_cancelled;
      });
      if (m_cancelled) {
        return false;
      }
      m_queued_changes += changes;
      m_queue.push_back(std::move(batch));
      m_changed.notify_all();
      batch.clear();
      changes = 0;
      return true;
    };
    m_status = m_origins.walk(m_handle.get(), trees, base, head, [&](WalkedCommit&& commit) {
      changes += commit.changes.size();
      batch.push_back(std::move(commit));
      return batch.size() < k_batch_commits || hand_over();
    });
    if (!batch.empty()) {
      hand_over();
    }
  } catch (...) {
    m_exception = std::current_exception();
  }
  std::lock_guard lock(m_mutex);
  m_done = true;
  m_changed.notify_all();
}

void TreePass::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    m_changed.notify_all();
  }
  m_thread.join();
}

}  // namespace nts::git
