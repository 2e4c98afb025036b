// Hostile files in a plain directory tree: sizes at the limit, odd bytes and
// line endings, odd file types, permissions and deep or wide trees.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "detect/npm_token.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/support/catch.hpp"

using namespace nts;
using namespace nts::test::hostile;
namespace fs = std::filesystem;

namespace {

std::string npmrc_of_size(const std::string& token, std::size_t size) {
  std::string text = control_npmrc(token);
  return std::string(size - text.size(), '#') + "\n" + text.substr(1);
}

// Runs the binary as an unprivileged user when the tests run as root, since
// root reads files whatever their permissions say. Empty when that is not possible.
std::vector<std::string> unprivileged_prefix() {
  if (::geteuid() != 0) {
    return {};
  }
  for (const char* setpriv : {"/usr/bin/setpriv", "/bin/setpriv"}) {
    if (fs::exists(setpriv)) {
      return {setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"};
    }
  }
  return {};
}

}  // namespace

TEST_CASE("hostile: a file exactly at --max-file-size is scanned, one byte more is a note") {
  test::TempDir dir;
  auto token = detect::make_npm_token(21);
  dir.write("control/.npmrc", control_npmrc(token));
  dir.write("at/.npmrc", npmrc_of_size(detect::make_npm_token(22), 1024));
  dir.write("over/.npmrc", npmrc_of_size(detect::make_npm_token(23), 1025));
  auto outcome = scan_dir(
      dir, token, {"scan", "--all-files", "--format", "json", "--max-file-size", "1K", "."});
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);
  // A finding has its line after the path; the note in "errors" does not.
  CHECK(outcome.result.out.find("\"path\": \"at/.npmrc\",\n      \"line\"") != std::string::npos);
  CHECK(outcome.result.out.find("\"path\": \"over/.npmrc\",\n      \"line\"") == std::string::npos);
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: note: over/.npmrc: skipped: 1025 bytes is over the file size "
                 "limit of 1024 bytes (raise it with --max-file-size)"));
}

TEST_CASE("hostile: a token on a 1 MB line is found and the report line stays short") {
  auto token = detect::make_npm_token(24);
  auto outcome = scan_with(
      [&](const test::TempDir& dir) {
        dir.write("bundle.js",
                  std::string(500000, 'x') + " " + token + " " + std::string(500000, 'y') + "\n");
      },
      {"--format", "text"});
  CHECK(outcome.result.exit_code == 1);
  CHECK(outcome.result.out.find("bundle.js:1:500002: ") != std::string::npos);
  CHECK(outcome.result.out.find(token.substr(6)) == std::string::npos);
  std::istringstream lines(outcome.result.out);
  std::size_t longest = 0;
  for (std::string line; std::getline(lines, line);) {
    longest = std::max(longest, line.size());
  }
  CHECK(longest < 300);
}

TEST_CASE("hostile: a token at the very end of a file without a newline is found") {
  auto token = detect::make_npm_token(25);
  auto outcome = scan_with(
      [&](const test::TempDir& dir) { dir.write("tail.txt", "a\nb\nNPM_TOKEN=" + token); });
  expect_intact(outcome);
  CHECK(outcome.result.out.find(
            "\"path\": \"tail.txt\",\n      \"line\": 3,\n      \"column\": 11") !=
        std::string::npos);
}

TEST_CASE("hostile: a NUL byte late in a file does not hide a token before it") {
  auto token = detect::make_npm_token(26);
  auto outcome = scan_with([&](const test::TempDir& dir) {
    dir.write("late-nul.txt",
              "NPM_TOKEN=" + token + "\n" + std::string(20000, 'z') + std::string(1, '\0') + "\n");
  });
  expect_intact(outcome);
  CHECK(outcome.result.out.find("\"path\": \"late-nul.txt\"") != std::string::npos);
}

TEST_CASE("hostile: old Mac CR-only line endings still give a line number") {
  auto token = detect::make_npm_token(27);
  auto outcome = scan_with([&](const test::TempDir& dir) {
    dir.write("cr-only.npmrc", "a=1\rb=2\r//registry.npmjs.org/:_authToken=" + token + "\r");
  });
  expect_intact(outcome);
  CHECK(outcome.result.out.find("\"path\": \"cr-only.npmrc\"") != std::string::npos);
}

TEST_CASE("hostile: a UTF-8 BOM before a token on line 1 does not shift its column") {
  auto token = detect::make_npm_token(28);
  auto outcome = scan_with([&](const test::TempDir& dir) {
    dir.write("bom.env", "\xEF\xBB\xBFNPM_TOKEN=" + token + "\n");
  });
  expect_intact(outcome);
  CHECK(
      outcome.result.out.find("\"path\": \"bom.env\",\n      \"line\": 1,\n      \"column\": 12") !=
      std::string::npos);
}

TEST_CASE("hostile: a symlink to a file inside the tree is not read twice") {
  auto token = detect::make_npm_token(29);
  auto outcome = scan_with([&](const test::TempDir& dir) {
    dir.write("real/.npmrc", control_npmrc(token));
    fs::create_symlink("real/.npmrc", dir.path() / "alias.npmrc");
    fs::create_symlink("nowhere/at/all", dir.path() / "dangling");
  });
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);
  CHECK(outcome.result.out.find("alias.npmrc") == std::string::npos);
  CHECK(outcome.result.out.find("dangling") == std::string::npos);
  CHECK(outcome.result.err.find("dangling") == std::string::npos);
}

TEST_CASE("hostile: a Unix socket is noted, never opened") {
  test::TempDir dir;
  auto token = detect::make_npm_token(30);
  dir.write("control/.npmrc", control_npmrc(token));
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  auto socket_path = (dir.path() / "agent.sock").string();
  REQUIRE(socket_path.size() < sizeof(address.sun_path));
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  auto outcome = scan_dir(dir, token, {"scan", "--all-files", "--format", "json", "."});
  ::close(fd);
  expect_intact(outcome);
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: note: agent.sock: not a regular file (FIFO, socket or device); "
                 "skipped"));
}

TEST_CASE("hostile: an unreadable file and folder are errors, exit 3, the rest is scanned") {
  auto prefix = unprivileged_prefix();
  if (::geteuid() == 0 && prefix.empty()) {
    WARN("running as root without setpriv: permissions cannot be tested here");
    return;
  }
  test::TempDir dir;
  auto token = detect::make_npm_token(31);
  dir.write("control/.npmrc", control_npmrc(token));
  auto locked = dir.write("locked.txt", "x\n");
  fs::create_directories(dir.path() / "sealed");
  dir.write("sealed/inner.txt", "y\n");
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir.path() / "control", fs::perms::all);
  fs::permissions(dir.path() / "control/.npmrc", fs::perms::all);
  fs::permissions(locked, fs::perms::none);
  fs::permissions(dir.path() / "sealed", fs::perms::none);
  std::vector<std::string> command = prefix;
  for (const char* arg : {"scan", "--all-files", "--format", "json", "."}) {
    command.emplace_back(arg);
  }
  command.insert(command.begin() + static_cast<std::ptrdiff_t>(prefix.size()), test::binary_path());
  Outcome outcome;
  outcome.token = token;
  outcome.result = test::run_command(command, dir.str());
  fs::permissions(dir.path() / "sealed", fs::perms::owner_all);  // so TempDir can remove it
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: error: locked.txt: cannot open: Permission denied; check its "
                 "permissions, or exclude it"));
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: error: sealed: cannot read directory: Permission denied; check "
                 "its permissions, or exclude it"));
}

TEST_CASE("hostile: a tree 150 folders deep is walked to the bottom") {
  auto token = detect::make_npm_token(32);
  auto outcome = scan_with([&](const test::TempDir& dir) {
    std::string path;
    for (int i = 0; i < 150; ++i) {
      path += "d" + std::to_string(i % 10) + "/";
    }
    dir.write(path + ".npmrc", control_npmrc(token));
  });
  expect_intact(outcome);
  CHECK(outcome.result.out.find("d9/.npmrc\"") != std::string::npos);
}

TEST_CASE("hostile: 5,000 files in one folder") {
  auto outcome = scan_with(
      [](const test::TempDir& dir) {
        fs::create_directories(dir.path() / "wide");
        for (int i = 0; i < 5000; ++i) {
          std::ofstream(dir.path() / "wide" / ("f" + std::to_string(i) + ".js")) << "x\n";
        }
      },
      {"--format", "text"});
  CHECK(outcome.result.exit_code == 1);
  CHECK(outcome.result.out.find(" in 5001 files;") != std::string::npos);
}

TEST_CASE("hostile: empty and whitespace-only config files") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write("a/.npmrc", "");
    dir.write("b/.npmrc", "\n\n   \r\n");
    dir.write(".yarnrc.yml", "");
    dir.write("package.json", "");
    dir.write(".github/workflows/empty.yml", "");
  });
  expect_intact(outcome);
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: error: .github/workflows/empty.yml:1: not a GitHub Actions "
                 "workflow: the document is not a mapping"));
}
