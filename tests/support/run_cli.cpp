#include "tests/support/run_cli.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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

CliResult run_command(const std::vector<std::string>& command, const std::string& cwd,
                      const std::vector<std::string>& env, const std::string& stdin_text) {
  TempDir io;
  auto out_path = io.path() / "stdout";
  auto err_path = io.path() / "stderr";
  auto in_path = io.write("stdin", stdin_text);

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
  // Entries in `env` replace inherited ones of the same name (a duplicate
  // PATH= would otherwise lose to the first one).
  for (const auto& entry : env) {
    auto name = entry.substr(0, entry.find('=') + 1);
    environment.erase(std::remove_if(environment.begin(), environment.end(),
                                     [&](const std::string& e) { return e.rfind(name, 0) == 0; }),
                      environment.end());
    environment.push_back(entry);
  }

  std::vector<std::string> argv_storage = command;
  std::vector<char*> argv;
  for (auto& a : argv_storage) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : environment) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
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
  int status = 0;
  waitpid(pid, &status, 0);
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

}  // namespace nts::test
