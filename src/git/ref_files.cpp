#include "git/ref_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <utility>
#include <vector>

#include "util/bytes.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace nts::git {
namespace {

constexpr std::size_t k_max_ref_file = 4096;        // one line: an id or "ref: <name>"
constexpr std::size_t k_max_packed_refs = 1 << 30;  // a million tags is ~60 MB
constexpr int k_max_ref_depth = 64;                 // folders under refs/
constexpr int k_max_symbolic_hops = 5;              // as git itself allows

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(Fd&& other) noexcept : m_fd(other.release()) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd& operator=(Fd&&) = delete;
  ~Fd() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int get() const { return m_fd; }
  int release() { return std::exchange(m_fd, -1); }

 private:
  int m_fd;
};

enum class Read { ok, missing, unusable };

// A regular file under `dir`, whole. Symlinks and anything but a regular file
// are unusable here: git's own refs are plain files.
Read read_at(int dir, const char* name, std::size_t max_bytes, std::string& content) {
  Fd fd(::openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY));
  if (fd.get() < 0) {
    return errno == ENOENT ? Read::missing : Read::unusable;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) ||
      static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    return Read::unusable;
  }
  int failed = 0;
  content = util::read_all(fd.get(), static_cast<std::size_t>(info.st_size), max_bytes, &failed);
  return failed == 0 ? Read::ok : Read::unusable;
}

bool is_object_id(std::string_view text) {
  return (text.size() == 40 || text.size() == 64) &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

constexpr std::string_view k_symbolic = "ref: ";

// A ref file's one line without its newline: an object id or "ref: <name>";
// nullopt for anything else.
std::optional<std::string_view> ref_line(std::string_view content) {
  if (!content.empty() && content.back() == '\n') {
    content.remove_suffix(1);
  }
  if (content.find('\n') != std::string_view::npos) {
    return std::nullopt;
  }
  if (content.starts_with(k_symbolic)) {
    // git points symbolic refs only into refs/ (and a lookup by this name
    // must not climb out of the git directory).
    const std::string_view target = content.substr(k_symbolic.size());
    return target.starts_with("refs/") && target.find("..") == std::string_view::npos
               ? std::optional(content)
               : std::nullopt;
  }
  return is_object_id(content) ? std::optional(content) : std::nullopt;
}

using LooseRefs = std::vector<std::pair<std::string, std::string>>;  // name, line

bool is_lock_file(std::string_view name) {
  return name.size() > 5 && name.substr(name.size() - 5) == ".lock";
}

// Every loose ref under the folder open as `dir_fd` (named `prefix`),
// recursively. Takes the descriptor.
bool list_loose_refs(int dir_fd, const std::string& prefix, int depth, LooseRefs& refs) {
  Fd dir(dir_fd);
  if (dir.get() < 0 || depth > k_max_ref_depth) {
    return false;
  }
  DIR* listing = ::fdopendir(dir.get());
  if (listing == nullptr) {
    return false;
  }
  dir.release();
  std::unique_ptr<DIR, int (*)(DIR*)> owned(listing, ::closedir);
  const int fd = ::dirfd(listing);
  while (const dirent* entry = ::readdir(listing)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    unsigned char type = entry->d_type;
    if (type == DT_UNKNOWN) {
      struct stat info {};
      if (::fstatat(fd, entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
        return false;
      }
      type = S_ISDIR(info.st_mode) ? DT_DIR : S_ISREG(info.st_mode) ? DT_REG : DT_LNK;
    }
    const std::string full = prefix + std::string(name);
    if (type == DT_DIR) {
      const int child =
          ::openat(fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (!list_loose_refs(child, full + "/", depth + 1, refs)) {
        return false;
      }
    } else if (type == DT_REG) {
      if (is_lock_file(name)) {
        continue;  // a write in progress (or left by a killed git): not a ref
      }
      std::string content;
      if (read_at(fd, entry->d_name, k_max_ref_file, content) != Read::ok) {
        return false;
      }
      auto line = ref_line(content);
      if (!line) {
        return false;
      }
      refs.emplace_back(full, std::string(*line));
    } else {
      return false;  // a symlinked ref, a socket...: libgit2 decides
    }
  }
  return true;
}

// packed-refs' "<id> <name>" lines ("^<id>" peels the line before; '#' a header).
std::optional<std::string> packed_target(std::string_view packed, std::string_view name) {
  for (std::string_view line : util::split_lines(packed)) {
    if (line.size() > name.size() + 1 && line.substr(line.size() - name.size()) == name &&
        line[line.size() - name.size() - 1] == ' ') {
      std::string_view id = line.substr(0, line.size() - name.size() - 1);
      return is_object_id(id) ? std::optional<std::string>(id) : std::nullopt;
    }
  }
  return std::nullopt;
}

// HEAD followed through symbolic refs (loose first, then packed, as git
// looks them up): an id, "" for an unborn branch, nullopt for a chain git
// would refuse.
std::optional<std::string> resolve_head(std::string_view head, const LooseRefs& loose,
                                        std::string_view packed) {
  std::string line(head);
  for (int hop = 0; hop <= k_max_symbolic_hops; ++hop) {
    if (!line.starts_with(k_symbolic)) {
      return line;
    }
    const std::string name = line.substr(k_symbolic.size());
    auto found =
        std::lower_bound(loose.begin(), loose.end(), name,
                         [](const auto& ref, const std::string& n) { return ref.first < n; });
    if (found != loose.end() && found->first == name) {
      line = found->second;
    } else if (auto id = packed_target(packed, name)) {
      return *id;
    } else {
      return std::string();  // unborn
    }
  }
  return std::nullopt;
}

bool owned_by_me(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 && info.st_uid == ::geteuid();
}

bool exists_at(int dir, const char* name) {
  struct stat info {};
  return ::fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0;
}

struct PlainGitDir {
  Fd fd;
  std::string path;  // with a trailing '/', as libgit2 names git directories
  std::string head;  // HEAD's one line: an id or "ref: <name>"
};

// The git directory of `path` (its `.git` folder, or itself when bare) when
// the layout is plain (see read_ref_files) and HEAD is well formed.
std::optional<PlainGitDir> open_plain_git_dir(const std::string& path) {
  Fd top(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (top.get() < 0 || !owned_by_me(top.get())) {
    return std::nullopt;
  }
  std::string dir_path = path;
  if (dir_path.empty() || dir_path.back() != '/') {
    dir_path += '/';
  }
  struct stat dot_git {};
  int git_fd = -1;
  if (::fstatat(top.get(), ".git", &dot_git, AT_SYMLINK_NOFOLLOW) == 0) {
    if (!S_ISDIR(dot_git.st_mode)) {
      return std::nullopt;  // a `gitdir:` file or a symlink: libgit2 follows those
    }
    git_fd = ::openat(top.get(), ".git", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    dir_path += ".git/";
  } else if (errno == ENOENT && exists_at(top.get(), "objects") && exists_at(top.get(), "refs")) {
    git_fd = top.release();  // a bare repository
  } else {
    return std::nullopt;  // not a repository here: libgit2 searches the parents
  }
  PlainGitDir git_dir{Fd(git_fd), std::move(dir_path), {}};
  const int dir = git_dir.fd.get();
  if (dir < 0 || !owned_by_me(dir)) {
    return std::nullopt;
  }
  if (exists_at(dir, "commondir") || exists_at(dir, "reftable")) {
    return std::nullopt;  // refs shared with another git directory, or not in files
  }
  std::string head_file;
  if (read_at(dir, "HEAD", k_max_ref_file, head_file) != Read::ok) {
    return std::nullopt;
  }
  auto head_line = ref_line(head_file);
  if (!head_line) {
    return std::nullopt;
  }
  git_dir.head = std::string(*head_line);
  return git_dir;
}

}  // namespace

std::optional<std::string> plain_repository(const std::string& path) {
  auto git_dir = open_plain_git_dir(path);
  if (!git_dir) {
    return std::nullopt;
  }
  // HEAD must lead to a well-formed loose ref or to none (a branch not yet
  // born, or one in packed-refs), as libgit2's HEAD lookup requires.
  std::string line = git_dir->head;
  for (int hop = 0; line.starts_with(k_symbolic); ++hop) {
    std::string content;
    const std::string name = line.substr(k_symbolic.size());
    if (hop == k_max_symbolic_hops) {
      return std::nullopt;
    }
    switch (read_at(git_dir->fd.get(), name.c_str(), k_max_ref_file, content)) {
      case Read::missing:
        return git_dir->path;
      case Read::unusable:
        return std::nullopt;
      case Read::ok:
        break;
    }
    auto next = ref_line(content);
    if (!next) {
      return std::nullopt;
    }
    line = std::string(*next);
  }
  return git_dir->path;
}

std::optional<RefFiles> read_ref_files(const std::string& path) {
  auto git_dir = open_plain_git_dir(path);
  if (!git_dir) {
    return std::nullopt;
  }
  const int dir = git_dir->fd.get();
  const std::string_view head_line = git_dir->head;
  LooseRefs loose;
  if (!list_loose_refs(::openat(dir, "refs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC),
                       "refs/", 0, loose)) {
    return std::nullopt;
  }
  std::sort(loose.begin(), loose.end());
  std::string packed;
  std::string shallow;
  if (read_at(dir, "packed-refs", k_max_packed_refs, packed) == Read::unusable ||
      read_at(dir, "shallow", k_max_packed_refs, shallow) == Read::unusable) {
    return std::nullopt;
  }
  auto head = resolve_head(head_line, loose, packed);
  if (!head) {
    return std::nullopt;
  }
  util::ByteWriter digest;
  digest.str(head_line);
  digest.u64(loose.size());
  for (const auto& [name, line] : loose) {
    digest.str(name);
    digest.str(line);
  }
  digest.str(packed);
  digest.str(shallow);
  return RefFiles{std::move(*head), util::sha256_hex(digest.bytes())};
}

}  // namespace nts::git
