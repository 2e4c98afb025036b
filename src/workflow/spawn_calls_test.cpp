#include "workflow/spawn_calls.hpp"

#include "tests/support/catch.hpp"

using namespace nts::workflow;

namespace {
const std::vector<std::string> k_calls = {"subprocess.run", "subprocess.check_call",
                                          "os.system",      "system",
                                          "exec.Command",   "exec.CommandContext"};

std::vector<std::string> commands(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& spawned : spawned_commands(text, k_calls)) {
    out.push_back(spawned.command + " @" + std::to_string(spawned.line));
  }
  return out;
}
}  // namespace

TEST_CASE("spawned commands: argv lists and command strings, with their lines") {
  CHECK(commands("import subprocess\nsubprocess.run([\"npm\", \"publish\", '--tag', \"next\"], "
                 "check=True)\n") == std::vector<std::string>{"npm publish --tag next @2"});
  CHECK(commands("os.system('npm publish --access public')\n") ==
        std::vector<std::string>{"npm publish --access public @1"});
  CHECK(commands("subprocess.run(\"npm publish\", shell=True, cwd=d)") ==
        std::vector<std::string>{"npm publish @1"});
  CHECK(commands("system \"npm\", \"publish\"\nputs 'done'\n") ==
        std::vector<std::string>{"npm publish @1"});
  CHECK(commands("cmd := exec.CommandContext(ctx, \"pnpm\", \"publish\", \"-r\")") ==
        std::vector<std::string>{"pnpm publish -r @1"});
  CHECK(commands("x = 1\nsubprocess.check_call(['npm', 'publish', path, '--tag', tag])") ==
        std::vector<std::string>{"npm publish @2"});
}

TEST_CASE("spawned commands: only calls, whole names, literals") {
  CHECK(commands("print('run npm publish when ready')").empty());
  CHECK(commands("filesystem('npm publish')").empty());
  CHECK(commands("subprocess.run(cmd)").empty());
  CHECK(commands("subprocess.run([\"npm\", 'pub\\'lish'])") ==
        std::vector<std::string>{"npm pub'lish @1"});
  CHECK(commands("subprocess.run([\"npm\", \"publ").size() == 1);  // unterminated: no crash
}
