#include "tests/org/git_daemon.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

extern char** environ;

namespace nts::test {
namespace {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

GitDaemon::GitDaemon(const std::string& base_path) {
  const std::string binary = "/usr/lib/git-core/git-daemon";
  if (!std::filesystem::exists(binary)) {
    return;
  }
  m_port = free_port();
  std::vector<std::string> args = {
      binary,        "--listen=127.0.0.1", "--port=" + std::to_string(m_port),
      "--reuseaddr", "--export-all",       "--base-path=" + base_path,
      base_path};
  std::vector<char*> argv;
  for (auto& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  if (::posix_spawn(&m_pid, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    m_pid = -1;
    return;
  }
  for (int i = 0; i < 100 && !m_ready; ++i) {
    m_ready = accepts(m_port);
    if (!m_ready) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

GitDaemon::~GitDaemon() {
  if (m_pid > 0) {
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
  }
}

std::string GitDaemon::url(const std::string& relative) const {
  return "git://127.0.0.1:" + std::to_string(m_port) + "/" + relative;
}

}  // namespace nts::test
