#include "org/http.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

extern char** environ;

namespace nts::org {
namespace {

// Requests go through the curl program rather than libcurl: the binary is
// fully static (cmake/StaticDeps.cmake), and a static program cannot load
// libcurl.so portably. curl brings the system's TLS, CA store and proxy
// settings (https_proxy, no_proxy), as libcurl did. Nothing secret is put on
// its command line (visible to every user in /proc): the whole request,
// headers included, reaches curl as a config file on its stdin (`-K -`).
constexpr const char* k_curl = "curl";

// A value inside double quotes in a curl config file.
std::string config_quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) == 0) {
      read = fds[0];
      write = fds[1];
    }
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  bool ok() const { return read >= 0; }
  void close_read() {
    if (read >= 0) {
      ::close(read);
      read = -1;
    }
  }
  void close_write() {
    if (write >= 0) {
      ::close(write);
      write = -1;
    }
  }
};

// Writes all of `text`; false when the reader went away. SIGPIPE is held back
// for this thread and a pending one discarded, so a curl that exits early
// cannot kill the scanner.
bool write_all(int fd, std::string_view text) {
  sigset_t pipe_signal;
  sigset_t previous;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  bool complete = true;
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      complete = false;
      break;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  if (!complete) {
    timespec zero{};
    while (::sigtimedwait(&pipe_signal, nullptr, &zero) == SIGPIPE) {
    }
  }
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return complete;
}

// Reads every pipe to its end, all at once (a full pipe would stall curl).
void read_all(std::array<Pipe*, 3> pipes, std::array<std::string*, 3> into) {
  std::array<pollfd, 3> fds{};
  for (std::size_t i = 0; i < pipes.size(); ++i) {
    fds[i] = {pipes[i]->read, POLLIN, 0};
  }
  std::size_t open = fds.size();
  char buffer[65536];
  while (open > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
      } else {
        into[i]->append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
}

// The last response's status and headers from curl's header dump, which holds
// one block per response (a proxy's CONNECT answer, 100-continue, then ours).
void parse_headers(const std::string& dump, HttpResponse& response) {
  std::size_t pos = 0;
  while (pos < dump.size()) {
    auto end = dump.find('\n', pos);
    std::string line = dump.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? dump.size() : end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    auto colon = line.find(':');
    if (line.rfind("HTTP/", 0) == 0) {
      response.headers.clear();  // a new response starts over
      auto space = line.find(' ');
      response.status = space == std::string::npos ? 0 : std::atol(line.c_str() + space + 1);
    } else if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string value = line.substr(colon + 1);
      auto begin = value.find_first_not_of(" \t");
      auto last = value.find_last_not_of(" \t");
      response.headers[name] =
          begin == std::string::npos ? "" : value.substr(begin, last - begin + 1);
    }
  }
}

core::Error request_error(const std::string& url, std::string message, std::string hint) {
  return core::Error{std::move(message), core::Location{url, 0, 0}, std::move(hint), {}};
}

}  // namespace

core::Result<HttpResponse> http_get(const std::string& url, const std::vector<std::string>& headers,
                                    long timeout_seconds) {
  if (has_line_break(url) || std::any_of(headers.begin(), headers.end(),
                                         [](const auto& h) { return has_line_break(h); })) {
    return request_error(url, "an HTTP request line or header contains a line break", {});
  }
  std::string config;
  config += "url = " + config_quoted(url) + "\n";
  for (const auto& header : headers) {
    config += "header = " + config_quoted(header) + "\n";
  }
  // Redirects stay off (curl's default): the GitHub API does not redirect org
  // listings, and a redirect must not carry the Authorization header elsewhere.
  config += "silent\nshow-error\nproto = \"=http,https\"\n";
  config += "max-time = " + std::to_string(std::max(1L, timeout_seconds)) + "\n";
  config += "dump-header = \"/dev/fd/3\"\n";

  Pipe in;
  Pipe out;
  Pipe err;
  Pipe head;
  if (!in.ok() || !out.ok() || !err.ok() || !head.ok()) {
    return request_error(url, std::string("cannot start curl: ") + std::strerror(errno), {});
  }
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, in.read, 0);
  ::posix_spawn_file_actions_adddup2(&actions, out.write, 1);
  ::posix_spawn_file_actions_adddup2(&actions, err.write, 2);
  ::posix_spawn_file_actions_adddup2(&actions, head.write, 3);
  // -q first: a user's ~/.curlrc must not change what is sent or where.
  std::array<char*, 5> argv = {const_cast<char*>(k_curl), const_cast<char*>("-q"),
                               const_cast<char*>("-K"), const_cast<char*>("-"), nullptr};
  pid_t pid = -1;
  int spawned = ::posix_spawnp(&pid, k_curl, &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return request_error(url, std::string("cannot run curl: ") + std::strerror(spawned),
                         "install curl (Debian and Ubuntu: apt-get install curl), which "
                         "npm-token-scan uses for GitHub API requests");
  }
  in.close_read();
  out.close_write();
  err.close_write();
  head.close_write();
  write_all(in.write, config);
  in.close_write();

  HttpResponse response;
  std::string diagnostics;
  std::string header_dump;
  read_all({&out, &err, &head}, {&response.body, &diagnostics, &header_dump});
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!diagnostics.empty() && std::isspace(static_cast<unsigned char>(diagnostics.back()))) {
      diagnostics.pop_back();
    }
    if (diagnostics.rfind("curl: ", 0) == 0) {
      diagnostics.erase(0, 6);
    }
    std::string why = diagnostics.empty()
                          ? "curl exited with status " + std::to_string(WEXITSTATUS(status))
                          : diagnostics;
    return request_error(url, "HTTP request failed: " + why,
                         "check the URL (--api-url) and the network");
  }
  parse_headers(header_dump, response);
  return response;
}

}  // namespace nts::org
