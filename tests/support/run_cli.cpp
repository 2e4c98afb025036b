#include "tests/support/run_cli.hpp"

#include <fcntl.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "tests/support/temp_dir.hpp"

extern char** environ;

namespace nts::test {

std::string binary_path() {
  // make test-sanitize runs this suite against a ThreadSanitizer build of the
  // binary without building the suite a third time.
  if (const char* other = std::getenv("NTS_TEST_BINARY"); other != nullptr && *other != '\0') {
    return other;
  }
  return NTS_BINARY;
}

CliResult run_cli(const std::vector<std::string>& args, const std::string& cwd,
                  const std::vector<std::string>& env, const std::string& stdin_text) {
  std::vector<std::string> argv = {binary_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, cwd, env, stdin_text);
}

namespace {

// The inherited environment without what CI sets, then `env` (entries replace
// inherited ones of the same name: a duplicate PATH= would otherwise lose to the first).
std::vector<std::string> environment_with(const std::vector<std::string>& env) {
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    bool scrub = entry.rfind("GITHUB_", 0) == 0 || entry.rfind("RUNNER_", 0) == 0 ||
                 entry.rfind("CI=", 0) == 0 || entry.rfind("NO_COLOR=", 0) == 0 ||
                 entry.rfind("INPUT_", 0) == 0;
    if (!scrub) {
      environment.push_back(entry);
    }
  }
  for (const auto& entry : env) {
    auto name = entry.substr(0, entry.find('=') + 1);
    environment.erase(std::remove_if(environment.begin(), environment.end(),
                                     [&](const std::string& e) { return e.rfind(name, 0) == 0; }),
                      environment.end());
    environment.push_back(entry);
  }
  return environment;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) {
    out.push_back(s.data());
  }
  out.push_back(nullptr);
  return out;
}

// Starts `command` in `cwd` with stdin from `in_path`, stdout to `out_path` and
// stderr to `err_path`, or to the open descriptor `err_fd` when that is >= 0.
pid_t spawn(const std::vector<std::string>& command, const std::string& cwd,
            const std::vector<std::string>& env, const std::filesystem::path& in_path,
            const std::filesystem::path& out_path, const std::filesystem::path& err_path,
            int err_fd) {
  std::vector<std::string> argv_storage = command;
  std::vector<std::string> env_storage = environment_with(env);
  auto argv = pointers(argv_storage);
  auto envp = pointers(env_storage);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  if (err_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  } else {
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
  }
  // posix_spawn has no portable chdir action in glibc 2.36's headers for C++; change and restore.
  char previous[4096];
  if (::getcwd(previous, sizeof(previous)) == nullptr || ::chdir(cwd.c_str()) != 0) {
    throw std::runtime_error("cannot change directory to " + cwd);
  }
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  if (::chdir(previous) != 0) {
    throw std::runtime_error("cannot change back to the working directory");
  }
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error(std::string("posix_spawn failed: ") + std::strerror(rc));
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

CliResult run_command(const std::vector<std::string>& command, const std::string& cwd,
                      const std::vector<std::string>& env, const std::string& stdin_text) {
  TempDir io;
  auto in_path = io.write("stdin", stdin_text);
  pid_t pid = spawn(command, cwd, env, in_path, io.path() / "stdout", io.path() / "stderr", -1);
  CliResult result;
  result.exit_code = wait_for(pid);
  result.out = read_file(io.path() / "stdout");
  result.err = read_file(io.path() / "stderr");
  return result;
}

CliResult run_git(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> argv = {"/usr/bin/git", "-c", "user.name=t", "-c",
                                   "user.email=t@example.com"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, cwd);
}

CliResult run_cli_tty(const std::vector<std::string>& args, unsigned short columns,
                      const std::string& cwd, const std::vector<std::string>& env) {
  TempDir io;
  auto in_path = io.write("stdin", "");
  std::vector<std::string> argv = {binary_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  int master = -1;
  int slave = -1;
  struct termios raw = {};
  cfmakeraw(&raw);  // no "\n" to "\r\n": `err` holds exactly the bytes written
  struct winsize size = {};
  size.ws_col = columns;
  size.ws_row = 24;
  if (::openpty(&master, &slave, nullptr, &raw, &size) != 0) {
    throw std::runtime_error(std::string("openpty failed: ") + std::strerror(errno));
  }
  ::fcntl(master, F_SETFD, FD_CLOEXEC);
  ::fcntl(slave, F_SETFD, FD_CLOEXEC);  // dup2 onto stderr clears it for the child's copy
  pid_t pid = -1;
  try {
    pid = spawn(argv, cwd, env, in_path, io.path() / "stdout", {}, slave);
  } catch (...) {
    ::close(master);
    ::close(slave);
    throw;
  }
  ::close(slave);
  CliResult result;
  // Read while the child runs (a full terminal buffer would block it); EIO once it closed stderr.
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n > 0) {
      result.err.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  ::close(master);
  result.exit_code = wait_for(pid);
  result.out = read_file(io.path() / "stdout");
  return result;
}

}  // namespace nts::test
