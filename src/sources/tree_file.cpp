#include "sources/tree_file.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

namespace nts::sources {
namespace {

// Closes a descriptor on every way out.
struct Descriptor {
  int fd = -1;
  Descriptor() = default;
  explicit Descriptor(int value) : fd(value) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

// The root folder, kept open per thread: a scan opens thousands of files below one root.
// `fresh` reopens it (the folder at that path may have been replaced since).
int root_descriptor(const std::string& root, bool fresh) {
  struct Cached {
    std::string root;
    Descriptor dir;
  };
  thread_local Cached cached;
  const std::string& path = root.empty() ? std::string(".") : root;
  if (fresh || cached.dir.fd < 0 || cached.root != path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      return -1;
    }
    if (cached.dir.fd >= 0) {
      ::close(cached.dir.fd);
    }
    cached.dir.fd = fd;
    cached.root = path;
  }
  return cached.dir.fd;
}

// Bumped by TreeFile::forget_folders(): a folder descriptor cached before is
// not used again, so a cache never outlives the scan that filled it.
std::atomic<std::uint64_t> g_generation{0};

// The folder the last file was opened in, kept open per thread: files come in
// listing order, so the next one is most often in the same folder, and
// resolving its name there is one path component instead of the whole path
// from the root (the path walk was a fifth of a many-small-files scan).
struct CachedFolder {
  std::string root;
  std::string folder;  // relative, without the trailing '/'
  std::uint64_t generation = 0;
  Descriptor dir;
};

bool is_link_at(int dir, const std::string& name) {
  struct stat info {};
  return ::fstatat(dir, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(info.st_mode);
}

// O_NONBLOCK: a FIFO opens at once instead of waiting for a writer; fstat then
// tells it apart, and it is never read.
constexpr int k_file_flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;

// One system call on Linux 5.6 and later: the kernel refuses a symbolic link
// in any component (ELOOP) and any way out of `dir` (EXDEV). -2: not available.
int open_beneath(int dir, const std::string& relative, int flags = k_file_flags) {
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  long fd = ::syscall(SYS_openat2, dir, relative.c_str(), &how, sizeof how);
  if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {
    return -2;  // an old kernel, or a seccomp filter that does not know the call
  }
  return static_cast<int>(fd);
}

// The same, a component at a time, for kernels without openat2.
int open_by_components(int root, std::string_view relative, int flags = k_file_flags) {
  Descriptor dir(::dup(root));
  if (dir.fd < 0) {
    return -1;
  }
  while (true) {
    auto slash = relative.find('/');
    std::string name(relative.substr(0, slash));
    if (slash == std::string_view::npos) {
      return ::openat(dir.fd, name.c_str(), flags);
    }
    int next = ::openat(dir.fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) {
      if (errno == ENOTDIR && is_link_at(dir.fd, name)) {
        errno = ELOOP;
      }
      return -1;
    }
    ::close(dir.fd);
    dir.fd = next;
    relative.remove_prefix(slash + 1);
  }
}

// Opens `path` below `root_fd`, through the cached folder when the file is in
// it (or after opening its folder the same safe way). -1 with errno on failure.
int open_in_folder(int root_fd, const std::string& root, const std::string& path, bool fresh) {
  auto slash = path.rfind('/');
  auto open_below = [](int dir, const std::string& relative, int flags) {
    int fd = open_beneath(dir, relative, flags);
    return fd == -2 ? open_by_components(dir, relative, flags) : fd;
  };
  if (slash == std::string::npos) {
    return open_below(root_fd, path, k_file_flags);
  }
  thread_local CachedFolder cached;
  std::string_view folder(path.data(), slash);
  std::uint64_t generation = g_generation.load(std::memory_order_relaxed);
  if (fresh || cached.dir.fd < 0 || cached.generation != generation || cached.folder != folder ||
      cached.root != root) {
    int dir =
        open_below(root_fd, std::string(folder), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0) {
      // The whole path once more, for the error it gives (a link as the
      // folder's last component gives ENOTDIR with O_DIRECTORY, not ELOOP).
      return open_below(root_fd, path, k_file_flags);
    }
    if (cached.dir.fd >= 0) {
      ::close(cached.dir.fd);
    }
    cached.dir.fd = dir;
    cached.root = root;
    cached.folder = folder;
    cached.generation = generation;
  }
  return open_below(cached.dir.fd, path.substr(slash + 1), k_file_flags);
}

}  // namespace

void TreeFile::forget_folders() {
  g_generation.fetch_add(1, std::memory_order_relaxed);
}

TreeFile TreeFile::open(const std::string& root, std::string_view relative) {
  TreeFile file;
  std::string path(relative);
  if (path.empty() || path.front() == '/' || path == ".." || path.rfind("../", 0) == 0 ||
      path.find("/../") != std::string::npos ||
      (path.size() >= 3 && path.compare(path.size() - 3, 3, "/..") == 0)) {
    file.m_errno = EINVAL;
    return file;
  }
  int fd = -1;
  for (bool fresh : {false, true}) {
    int dir = root_descriptor(root, fresh);
    if (dir < 0) {
      file.m_errno = errno;
      return file;
    }
    fd = open_in_folder(dir, root, path, fresh);
    if (fd >= 0 || errno != ENOENT) {
      break;  // else perhaps a stale root: once more through a fresh one
    }
  }
  if (fd < 0) {
    file.m_errno = errno;
    file.m_status = errno == ELOOP ? Status::symlink : Status::failed;
    return file;
  }
  file.m_fd = fd;
  if (::fstat(fd, &file.m_info) != 0) {
    file.m_errno = errno;
    ::close(std::exchange(file.m_fd, -1));
    return file;
  }
  if (!S_ISREG(file.m_info.st_mode)) {
    ::close(std::exchange(file.m_fd, -1));
    file.m_status = Status::not_regular;
    return file;
  }
  file.m_status = Status::opened;
  return file;
}

TreeFile::TreeFile(TreeFile&& other) noexcept
    : m_status(other.m_status),
      m_fd(std::exchange(other.m_fd, -1)),
      m_errno(other.m_errno),
      m_info(other.m_info) {}

TreeFile& TreeFile::operator=(TreeFile&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_status = other.m_status;
    m_fd = std::exchange(other.m_fd, -1);
    m_errno = other.m_errno;
    m_info = other.m_info;
  }
  return *this;
}

TreeFile::~TreeFile() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

std::string TreeFile::problem() const {
  switch (m_status) {
    case Status::opened:
      return {};
    case Status::symlink:
      return "a symbolic link in the work tree; not followed";
    case Status::not_regular:
      return "not a regular file (FIFO, socket or device); skipped";
    case Status::failed:
      break;
  }
  return std::string("cannot open: ") + std::strerror(m_errno) +
         "; check its permissions, or exclude it";
}

}  // namespace nts::sources
