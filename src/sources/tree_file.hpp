#pragma once

#include <sys/stat.h>

#include <string>
#include <string_view>

namespace nts::sources {

// A file of a work tree, opened for reading by its path below the tree's root
// without leaving the tree: no component is followed if it is a symbolic link
// (a tracked file or folder can be replaced by a link to /etc or ~), and a
// FIFO, socket or device is never read (opening a FIFO for reading blocks until
// a writer comes; a device can be endless). Owns its descriptor.
class TreeFile {
 public:
  enum class Status {
    opened,       // a regular file: fd() reads it
    symlink,      // a component is a symbolic link: not followed
    not_regular,  // a FIFO, socket or device: not read
    failed        // cannot be opened: error_number() says why
  };

  // `root` is opened as given (a link there is the user's own choice); `relative`
  // is '/'-separated and may not contain "..".
  static TreeFile open(const std::string& root, std::string_view relative);
  // Each thread keeps the folder it last opened a file in; a scan calls this
  // first so that no folder descriptor from an earlier scan (the folder may
  // have been moved or replaced since) is used.
  static void forget_folders();

  TreeFile(TreeFile&& other) noexcept;
  TreeFile& operator=(TreeFile&& other) noexcept;
  TreeFile(const TreeFile&) = delete;
  TreeFile& operator=(const TreeFile&) = delete;
  ~TreeFile();

  Status status() const { return m_status; }
  int fd() const { return m_fd; }
  int error_number() const { return m_errno; }
  const struct stat& info() const { return m_info; }
  // Why the file was not opened, for a note or an error ("a symbolic link in the
  // work tree; not followed"); empty when opened.
  std::string problem() const;

 private:
  TreeFile() = default;
  Status m_status = Status::failed;
  int m_fd = -1;
  int m_errno = 0;
  struct stat m_info {};
};

}  // namespace nts::sources
