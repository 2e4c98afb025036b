#include "git/diff_blobs.hpp"

#include <algorithm>

#include "git/pack_backend.hpp"

namespace nts::git {
namespace {

using PatchPtr = std::unique_ptr<git_patch, Deleter<git_patch, git_patch_free>>;

bool is_regular_blob(std::uint16_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

// Adds a hunk's new lines, merging it with the previous range when they touch.
void add_hunk(const git_diff_hunk& hunk, std::vector<LineRange>& lines) {
  if (hunk.new_lines <= 0) {
    return;
  }
  int first = hunk.new_start;
  int last = hunk.new_start + hunk.new_lines - 1;
  if (!lines.empty() && lines.back().last + 1 >= first) {
    lines.back().last = last;
  } else {
    lines.push_back({first, last, std::nullopt});
  }
}

// The new lines of the diff's i-th delta, through libgit2's patch.
int added_ranges(git_diff* diff, std::size_t i, std::vector<LineRange>& lines) {
  git_patch* raw_patch = nullptr;
  if (int status = git_patch_from_diff(&raw_patch, diff, i); status != 0) {
    return status;
  }
  PatchPtr patch(raw_patch);
  std::size_t hunks = git_patch_num_hunks(patch.get());
  for (std::size_t h = 0; h < hunks; ++h) {
    const git_diff_hunk* hunk = nullptr;
    std::size_t count = 0;
    if (git_patch_get_hunk(&hunk, &count, patch.get(), h) == 0) {
      add_hunk(*hunk, lines);
    }
  }
  return 0;
}

// The same, with both versions read through `read` and diffed as buffers.
int added_ranges(const git_diff_delta& delta, const ObjectReader& read,
                 std::vector<LineRange>& lines) {
  OdbObjectPtr old_blob;
  OdbObjectPtr new_blob;
  if (int status = read(delta.old_file.id, old_blob); status != 0) {
    return status;
  }
  if (int status = read(delta.new_file.id, new_blob); status != 0) {
    return status;
  }
  git_diff_options options = added_lines_diff_options();
  auto hunk_cb = [](const git_diff_delta*, const git_diff_hunk* hunk, void* payload) -> int {
    add_hunk(*hunk, *static_cast<std::vector<LineRange>*>(payload));
    return 0;
  };
  return git_diff_buffers(git_odb_object_data(old_blob.get()), git_odb_object_size(old_blob.get()),
                          delta.old_file.path, git_odb_object_data(new_blob.get()),
                          git_odb_object_size(new_blob.get()), delta.new_file.path, &options,
                          nullptr, nullptr, hunk_cb, nullptr, &lines);
}

// True when the delta's new side (`new_size` bytes) is larger than its old
// side: a diff that adds no line only drops lines (xdiff compares lines with
// their ends), so this one adds some. libgit2 refuses to diff a side over
// 1023 MiB (GIT_XDIFF_MAX_SIZE): such a delta is left to the diff, to fail
// the same way.
bool grows(git_odb* odb, const git_diff_delta& delta, std::size_t new_size) {
  constexpr std::size_t k_xdiff_max = std::size_t{1023} << 20;
  std::size_t old_size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  return new_size <= k_xdiff_max &&
         git_odb_read_header(&old_size, &type, odb, &delta.old_file.id) == 0 && new_size > old_size;
}

}  // namespace

git_diff_options added_lines_diff_options() {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.context_lines = 0;
  options.interhunk_lines = 0;
  options.flags = GIT_DIFF_FORCE_TEXT | GIT_DIFF_IGNORE_SUBMODULES;
  return options;
}

void find_renames(git_diff* diff, std::vector<core::ScanIssue>& issues) {
  git_diff_find_options options = GIT_DIFF_FIND_OPTIONS_INIT;
  options.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_find_similar(diff, &options) != 0) {
    issues.push_back({core::ScanIssue::Kind::note, "", 0,
                      last_error("rename detection failed").message +
                          "; renamed files are scanned as new files"});
  }
}

std::vector<ChangedBlob> changed_blobs(git_repository* repo, git_diff* diff,
                                       const SourceOptions& options,
                                       std::vector<core::ScanIssue>& issues,
                                       const ObjectReader& read,
                                       const std::function<bool(std::size_t)>& lines_wanted) {
  std::vector<ChangedBlob> out;
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) {
    issues.push_back({core::ScanIssue::Kind::error, git_repository_path(repo), 0,
                      last_error("cannot open the object database").message});
    return out;
  }
  OdbPtr odb(raw_odb);
  std::size_t count = git_diff_num_deltas(diff);
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    switch (delta->status) {
      case GIT_DELTA_ADDED:
      case GIT_DELTA_MODIFIED:
      case GIT_DELTA_RENAMED:
      case GIT_DELTA_COPIED:
      case GIT_DELTA_TYPECHANGE:
        break;
      default:
        continue;  // deleted, unmodified, conflicted: nothing new to scan
    }
    std::string path = delta->new_file.path;
    if (delta->new_file.mode == GIT_FILEMODE_COMMIT) {
      issues.push_back({core::ScanIssue::Kind::note, path, 0,
                        "submodule skipped; scan its repository separately"});
      continue;
    }
    if (!is_regular_blob(delta->new_file.mode)) {
      continue;  // a symlink: its blob is the link text, and the target is never followed
    }
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.get(), &delta->new_file.id) != 0) {
      issues.push_back({core::ScanIssue::Kind::error, path, 0,
                        last_error("cannot read blob " + oid_hex(delta->new_file.id)).message +
                            "; the object is missing or corrupt: run `git fsck`"});
      continue;
    }
    if (size > options.max_blob_size) {
      issues.push_back({core::ScanIssue::Kind::note, path, 0,
                        "skipped: " + std::to_string(size) + " bytes is over the size limit of " +
                            std::to_string(options.max_blob_size) + " bytes"});
      continue;
    }
    // A type change from a symlink or submodule leaves nothing to diff against.
    bool whole_file =
        delta->status == GIT_DELTA_TYPECHANGE || !is_regular_blob(delta->old_file.mode);
    ChangedBlob blob{delta->new_file.id, path, {}};
    if (whole_file) {
      blob.added_lines.push_back({1, INT32_MAX, std::nullopt});
      out.push_back(std::move(blob));
      continue;
    }
    if (lines_wanted && !lines_wanted(i) && grows(odb.get(), *delta, size)) {
      blob.added_lines.push_back({1, 1, std::nullopt});
      out.push_back(std::move(blob));
      continue;
    }
    int status = read ? added_ranges(*delta, read, blob.added_lines)
                      : added_ranges(diff, i, blob.added_lines);
    if (status == k_object_over_limit) {  // a delta chain that builds too much on the way
      issues.push_back(
          {core::ScanIssue::Kind::note, path, 0,
           "blob " + oid_hex(delta->new_file.id) + " skipped: " + last_error_message()});
      continue;
    }
    if (status != 0) {
      issues.push_back({core::ScanIssue::Kind::error, path, 0,
                        last_error("cannot diff " + path).message +
                            "; the object is missing or corrupt: run `git fsck`"});
      continue;
    }
    if (!blob.added_lines.empty()) {
      out.push_back(std::move(blob));
    }
  }
  return out;
}

std::vector<std::string> changed_paths(git_diff* diff) {
  std::vector<std::string> paths;
  std::size_t count = git_diff_num_deltas(diff);
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    for (const char* path : {delta->old_file.path, delta->new_file.path}) {
      if (path != nullptr) {
        paths.emplace_back(path);
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

}  // namespace nts::git
