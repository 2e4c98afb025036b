#include "git/commit_additions.hpp"

#include "gitfmt/raw_tree.hpp"

namespace nts::git {
namespace {

constexpr std::uint32_t k_mode_regular = 0100644;
constexpr std::uint32_t k_mode_executable = 0100755;

bool is_regular(std::uint32_t mode) {
  return mode == k_mode_regular || mode == k_mode_executable;
}

std::string_view bytes_of(const OdbObjectPtr& object) {
  return object == nullptr
             ? std::string_view()
             : std::string_view(static_cast<const char*>(git_odb_object_data(object.get())),
                                git_odb_object_size(object.get()));
}

struct DiffPayload {
  const ChangedFile* file;
  const CommitAdditions::LineVisitor* on_line;
};

}  // namespace

CommitAdditions::CommitAdditions(git_odb* odb, std::size_t cache_bytes)
    : m_odb(odb), m_cache_bytes(cache_bytes) {}

OdbObjectPtr CommitAdditions::read(const git_oid& id, int& status) {
  status = 0;
  if (auto found = m_by_id.find(id); found != m_by_id.end()) {
    m_lru.splice(m_lru.begin(), m_lru, found->second);
    git_odb_object* copy = nullptr;
    git_odb_object_dup(&copy, found->second->second.get());
    return OdbObjectPtr(copy);
  }
  git_odb_object* raw = nullptr;
  if ((status = git_odb_read(&raw, m_odb, &id)) != 0) {
    return nullptr;
  }
  OdbObjectPtr object(raw);
  std::size_t size = git_odb_object_size(raw);
  if (git_odb_object_type(raw) == GIT_OBJECT_BLOB) {
    m_sizes.emplace(id, size);
  }
  if (size <= m_cache_bytes / 4) {
    git_odb_object* copy = nullptr;
    git_odb_object_dup(&copy, raw);
    m_lru.emplace_front(id, OdbObjectPtr(copy));
    m_by_id[id] = m_lru.begin();
    m_cached_bytes += size;
    while (m_cached_bytes > m_cache_bytes) {
      m_cached_bytes -= git_odb_object_size(m_lru.back().second.get());
      m_by_id.erase(m_lru.back().first);
      m_lru.pop_back();
    }
  }
  return object;
}

int CommitAdditions::size_of(const git_oid& id, std::size_t& size) {
  if (auto found = m_sizes.find(id); found != m_sizes.end()) {
    size = found->second;
    return 0;
  }
  git_object_t type = GIT_OBJECT_INVALID;
  return git_odb_read_header(&size, &type, m_odb, &id);
}

int CommitAdditions::visit(const git_oid* parent_tree, const git_oid& tree,
                           const LineVisitor& on_line, const Filter* filter) {
  m_changes.clear();
  if (int status = changes(parent_tree, tree, m_changes); status != 0) {
    return status;
  }
  return visit_changes(m_changes, on_line, filter);
}

int CommitAdditions::changes(const git_oid* parent_tree, const git_oid& tree,
                             std::vector<Change>& out) {
  std::string prefix;
  return collect(parent_tree, tree, prefix, out);
}

int CommitAdditions::visit_changes(const std::vector<Change>& changes, const LineVisitor& on_line,
                                   const Filter* filter) {
  for (const Change& pair : changes) {
    if (int status = visit_file(pair, on_line, filter); status != 0) {
      return status;
    }
  }
  return 0;
}

// One merge pass over two sorted trees, as the history walker does; `prefix`
// is the tree's path with a trailing '/' ("" at the root).
int CommitAdditions::collect(const git_oid* parent_tree, const git_oid& tree, std::string& prefix,
                             std::vector<Change>& out) {
  int status = 0;
  OdbObjectPtr object = read(tree, status);
  if (!object) {
    return status;
  }
  OdbObjectPtr parent = parent_tree != nullptr ? read(*parent_tree, status) : nullptr;
  if (parent_tree != nullptr && !parent) {
    return status;
  }
  // A mode change alone adds no line: such an entry counts as unchanged.
  gitfmt::ChangedTreeEntries changes(bytes_of(object), bytes_of(parent));
  std::size_t base = prefix.size();
  gitfmt::RawTreeEntry entry;
  const gitfmt::RawTreeEntry* old = nullptr;
  while (changes.next(entry, old)) {
    prefix.append(entry.name);
    switch (entry.type()) {
      case gitfmt::ObjectType::tree: {
        prefix.push_back('/');
        git_oid old_id = old != nullptr ? to_git(old->id) : git_oid{};
        status =
            collect(old != nullptr && old->type() == gitfmt::ObjectType::tree ? &old_id : nullptr,
                    to_git(entry.id), prefix, out);
        break;
      }
      case gitfmt::ObjectType::blob: {
        Change pair;
        pair.file = {prefix, to_git(entry.id), !entry.is_symlink()};
        // Regular <-> symlink is a type change: the new side is all new.
        bool same_kind = old != nullptr && old->type() == gitfmt::ObjectType::blob &&
                         is_regular(old->mode) == is_regular(entry.mode) &&
                         old->is_symlink() == entry.is_symlink();
        if (same_kind) {
          pair.has_old = true;
          pair.old_blob = to_git(old->id);
        }
        out.push_back(std::move(pair));
        break;
      }
      default:
        break;  // a submodule: its commit is not in this repository
    }
    prefix.resize(base);
    if (status != 0) {
      return status;
    }
  }
  if (changes.malformed() || changes.parent_malformed()) {
    git_error_set_str(GIT_ERROR_OBJECT, "a tree entry is malformed");
    return GIT_ERROR;
  }
  return 0;
}

int CommitAdditions::visit_file(const Change& pair, const LineVisitor& on_line,
                                const Filter* filter) {
  int status = 0;
  OdbObjectPtr content = read(pair.file.blob, status);
  if (!content) {
    return status;
  }
  std::string_view text = bytes_of(content);
  if (filter != nullptr && !filter->wants_lines(pair.file, text)) {
    bool adds = false;
    if (int failed = adds_any_line(pair, text, adds); failed != 0) {
      return failed;
    }
    if (adds) {
      filter->on_adds(pair.file);
    }
    return 0;
  }
  if (!pair.has_old) {  // every line is new
    int number = 1;
    for (std::size_t start = 0; start < text.size(); ++number) {
      std::size_t end = text.find('\n', start);
      end = end == std::string_view::npos ? text.size() : end + 1;
      on_line(pair.file, number, text.substr(start, end - start));
      start = end;
    }
    return 0;
  }
  return diff(pair, text, on_line);
}

int CommitAdditions::adds_any_line(const Change& pair, std::string_view text, bool& adds) {
  if (!pair.has_old) {
    adds = !text.empty();
    return 0;
  }
  std::size_t old_size = 0;
  if (int status = size_of(pair.old_blob, old_size); status != 0) {
    return status;
  }
  // libgit2 refuses to diff a side over 1023 MiB (GIT_XDIFF_MAX_SIZE, an
  // error the walk reports): such a pair still goes through the diff, to fail
  // the same way.
  constexpr std::size_t k_xdiff_max = std::size_t{1023} << 20;
  if (text.size() > old_size && text.size() <= k_xdiff_max) {
    adds = true;
    return 0;
  }
  adds = false;
  return diff(pair, text, [&adds](const ChangedFile&, int, std::string_view) { adds = true; });
}

int CommitAdditions::diff(const Change& pair, std::string_view text, const LineVisitor& on_line) {
  int status = 0;
  OdbObjectPtr old = read(pair.old_blob, status);
  if (!old) {
    return status;
  }
  std::string_view old_text = bytes_of(old);
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.context_lines = 0;
  options.interhunk_lines = 0;
  options.flags = GIT_DIFF_FORCE_TEXT;
  DiffPayload payload{&pair.file, &on_line};
  auto line_cb = [](const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line,
                    void* data) -> int {
    if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0) {
      auto* self = static_cast<DiffPayload*>(data);
      (*self->on_line)(*self->file, line->new_lineno,
                       std::string_view(line->content, line->content_len));
    }
    return 0;
  };
  const char* path = pair.file.path.c_str();
  return git_diff_buffers(old_text.data(), old_text.size(), path, text.data(), text.size(), path,
                          &options, nullptr, nullptr, nullptr, line_cb, &payload);
}

}  // namespace nts::git
