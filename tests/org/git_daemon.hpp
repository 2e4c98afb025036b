#pragma once

#include <sys/types.h>

#include <string>

namespace nts::test {

// `git daemon` (the git package's git-daemon) serving every repository below
// `base_path` read-only on a free 127.0.0.1 port; stopped on destruction.
class GitDaemon {
 public:
  explicit GitDaemon(const std::string& base_path);
  ~GitDaemon();
  GitDaemon(const GitDaemon&) = delete;
  GitDaemon& operator=(const GitDaemon&) = delete;

  // False when git-daemon is not installed (the test then skips) or did not start.
  bool running() const { return m_pid > 0 && m_ready; }
  // git://127.0.0.1:PORT/<path relative to base_path>
  std::string url(const std::string& relative) const;

 private:
  pid_t m_pid = -1;
  int m_port = 0;
  bool m_ready = false;
};

}  // namespace nts::test
