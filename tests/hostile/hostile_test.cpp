// Hostile inputs: each case plants something nasty next to a control token and
// checks that the scan says clearly what it could not read, never crashes or
// hangs, never prints a secret, and still finds the control token.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "detect/npm_token.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
namespace fs = std::filesystem;

using namespace nts::test::hostile;

TEST_CASE("hostile: a YAML alias bomb in a workflow") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    std::string bomb = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
      std::string prev(1, static_cast<char>(c - 1));
      bomb += std::string(1, c) + ": &" + c + " [*" + prev + ",*" + prev + ",*" + prev + ",*" +
              prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n";
    }
    dir.write(".github/workflows/bomb.yml", bomb + "on: push\njobs: *j\n");
    dir.write(".github/workflows/ok.yml", workflow_with("      - run: npm publish\n"));
  });
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);  // the control token; stderr names what was not read
  // a = 10 nodes, b..e alias 90, 819, 7,380 and 66,429; f's first alias crosses 100,000.
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: error: .github/workflows/bomb.yml:6: YAML aliases expand to more "
                 "than 100000 nodes (the limit)"));
  CHECK(outcome.result.out.find("\"path\": \".github/workflows/ok.yml\"") != std::string::npos);
}

TEST_CASE("hostile: a billion laughs in .yarnrc.yml") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    std::string bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
    for (char c = 'b'; c <= 'i'; ++c) {
      std::string prev(1, static_cast<char>(c - 1));
      bomb += std::string(1, c) + ": &" + c + " [*" + prev + ",*" + prev + ",*" + prev + ",*" +
              prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" +
              prev + "]\n";
    }
    dir.write(".yarnrc.yml", bomb + "npmScopes: *i\n");
  });
  expect_intact(outcome);
  // a = 11 nodes, b..d alias 110, 1,110 and 11,110; e's eighth alias of d crosses 100,000.
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: error: .yarnrc.yml:5: not parsed, so its auth entries were not "
                 "checked (the patterns still ran): YAML aliases expand to more than 100000 nodes "
                 "(the limit)"));
}

TEST_CASE("hostile: deeply nested YAML and JSON") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write(".github/workflows/deep.yml",
              std::string(20000, '[') + std::string(20000, ']') + "\n");
    dir.write(".yarnrc.yml", std::string(20000, '[') + "\n");
    dir.write("package.json", std::string(100000, '[') + std::string(100000, ']'));
    dir.write("package-lock.json", std::string(100000, '{'));
  });
  expect_intact(outcome);
  CHECK(has_line(outcome.result.err,
                 "npm-token-scan: error: .github/workflows/deep.yml:1: YAML nested deeper than 64 "
                 "levels (the limit)"));
  CHECK(
      has_line(outcome.result.err,
               "npm-token-scan: error: .yarnrc.yml:1: not parsed, so its auth entries were not "
               "checked (the patterns still ran): YAML nested deeper than 64 levels (the limit)"));
}

TEST_CASE("hostile: malformed workflow YAML is an error with file:line, the rest is analysed") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    dir.write(".github/workflows/broken.yml", "on: push\njobs:\n  x: [unclosed\n");
    dir.write(".github/workflows/ok.yml", workflow_with("      - run: echo hi\n"));
  });
  expect_intact(outcome);
  CHECK(outcome.result.exit_code == 1);  // the control token
  CHECK(outcome.result.err.find(".github/workflows/broken.yml:") != std::string::npos);
  CHECK(outcome.result.out.find("\"path\": \".github/workflows/ok.yml\"") != std::string::npos);
}

TEST_CASE("hostile: a 100 MB single-line file is skipped with a clear note") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    std::ofstream out(dir.path() / "huge.min.js", std::ios::binary);
    std::string block(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) {
      out << block;
    }
  });
  expect_intact(outcome);
  CHECK(outcome.result.err.find(
            "huge.min.js: skipped: 100 MiB is over the file size limit of 64 MiB") !=
        std::string::npos);
}

TEST_CASE("hostile: a 100 MB single-line file within a raised limit is scanned in chunks") {
  test::TempDir dir;
  auto token = detect::make_npm_token(77);
  {
    std::ofstream out(dir.path() / "huge.min.js", std::ios::binary);
    std::string block(1 << 20, 'a');
    for (int i = 0; i < 60; ++i) {
      out << block;
    }
    out << ' ' << token << ' ';
    for (int i = 0; i < 40; ++i) {
      out << block;
    }
  }
  auto result = test::run_cli(
      {"scan", "--all-files", "--format", "json", "--max-file-size", "200M", "."}, dir.str());
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("\"column\": 62914562") != std::string::npos);
}

TEST_CASE("hostile: a 2 GB sparse file is skipped without reading it") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    auto path = dir.path() / "sparse.img";
    int fd = ::open(path.c_str(), O_CREAT | O_WRONLY, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, off_t{2} << 30) == 0);
    ::close(fd);
  });
  expect_intact(outcome);
  CHECK(outcome.result.err.find("sparse.img: skipped: 2 GiB is over the file size limit") !=
        std::string::npos);
}

TEST_CASE("hostile: NUL bytes, invalid UTF-8, CRLF, mixed line endings and BOMs") {
  auto token = detect::make_npm_token(31);
  test::TempDir dir;
  dir.write("binary.bin", std::string("\0\0\0", 3) + token);
  dir.write("latin1.txt", "caf\xe9 \xff\xfe " + token + "\n");
  dir.write("crlf.sh", "a\r\nb\rc\nexport T=" + token + "\r\n");
  dir.write("bom/.npmrc", "\xEF\xBB\xBF//registry.npmjs.org/:_authToken=${NPM_TOKEN}\r\n");
  auto result = test::run_cli({"scan", "--all-files", "--format", "json", "."}, dir.str());
  CHECK(result.exit_code == 1);
  // Binary: skipped, named in the errors as a note, never a finding.
  CHECK(result.out.find("\"path\": \"binary.bin\",\n      \"line\"") == std::string::npos);
  CHECK(result.err.find("note: binary.bin: binary (a NUL byte in its first 8000 bytes); skipped") !=
        std::string::npos);
  CHECK(result.out.find("\"path\": \"latin1.txt\",\n      \"line\": 1,\n      \"column\": 9") !=
        std::string::npos);
  CHECK(result.out.find("\"path\": \"crlf.sh\",\n      \"line\": 3,\n      \"column\": 10") !=
        std::string::npos);
  CHECK(result.out.find("\"path\": \"bom/.npmrc\"") != std::string::npos);
  CHECK(result.out.find(token.substr(6)) == std::string::npos);
}

TEST_CASE("hostile: symlink loops and symlinks out of the tree are never followed") {
  test::TempDir outside;
  auto secret = detect::make_npm_token(55);
  outside.write("secret/.npmrc", "//registry.npmjs.org/:_authToken=" + secret + "\n");
  auto outcome = scan_with([&](const test::TempDir& dir) {
    fs::create_directory_symlink(outside.path() / "secret", dir.path() / "escape");
    fs::create_symlink(outside.path() / "secret" / ".npmrc", dir.path() / "linked.npmrc");
    fs::create_directory_symlink(dir.path(), dir.path() / "loop");
    fs::create_symlink(dir.path() / "self", dir.path() / "self");
  });
  expect_intact(outcome);
  CHECK(outcome.result.out.find("escape") == std::string::npos);
  CHECK(outcome.result.out.find("linked.npmrc") == std::string::npos);
  CHECK(outcome.result.out.find("loop/") == std::string::npos);
}

TEST_CASE("hostile: FIFOs and device files are noted, never opened for reading") {
  auto outcome = scan_with([](const test::TempDir& dir) {
    REQUIRE(::mkfifo((dir.path() / "pipe").c_str(), 0644) == 0);
    if (::geteuid() == 0) {
      ::mknod((dir.path() / "null-device").c_str(), S_IFCHR | 0644, makedev(1, 3));
    }
  });
  expect_intact(outcome);
  CHECK(outcome.result.err.find("pipe: not a regular file (FIFO, socket or device); skipped") !=
        std::string::npos);
}

TEST_CASE("hostile: file names with newlines and control characters are escaped") {
  auto token = detect::make_npm_token(66);
  test::TempDir dir;
  dir.write("evil\nname\x1b[31m.txt", "token=" + token + "\n");
  dir.write("comma,colon:%.txt", "token=" + token + "\n");
  for (const char* format : {"text", "json"}) {
    auto result = test::run_cli({"scan", "--all-files", "--format", format, "."}, dir.str());
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("evil\nname") == std::string::npos);
    CHECK(result.out.find("\x1b[31m") == std::string::npos);
  }
}

TEST_CASE("hostile: a rule file with an invalid or catastrophic pattern") {
  test::TempDir dir;
  dir.write("rules/bad.yaml",
            "id: bad\ntitle: t\nseverity: high\nconfidence: high\npattern: "
            "'(?P<secret>(a|b'\nmessage: m\nhelp: h\n"
            "examples:\n  match: [a]\n  no_match: [c]\n");
  auto invalid = test::run_cli({"scan", "--rules", "rules", "."}, dir.str());
  CHECK(invalid.exit_code == 2);
  CHECK(invalid.err.find("rules/bad.yaml: rule 'bad': pattern: does not compile: missing )") !=
        std::string::npos);

  dir.write("rules/bad.yaml",
            "id: bad\ntitle: t\nseverity: high\nconfidence: high\npattern: "
            "'(?P<secret>(a+)+b)'\nmessage: m\nhelp: h\n"
            "examples:\n  match: [ab]\n  no_match: [c]\n");
  dir.write("input.txt", std::string(200000, 'a') + "c\n");
  auto catastrophic = test::run_cli(
      {"scan", "--rules", "rules", "--all-files", "--format", "json", "."}, dir.str());
  CHECK(catastrophic.exit_code == 1);  // the rule file's own example matches; RE2 stays linear
  CHECK(catastrophic.out.find("\"path\": \"input.txt\"") == std::string::npos);
}

TEST_CASE("hostile: unreadable files are errors on stderr and exit 3, the rest is scanned") {
  if (::geteuid() == 0) {
    SUCCEED("running as root: file permissions do not stop reads");
    return;
  }
  auto outcome = scan_with([](const test::TempDir& dir) {
    auto path = dir.write("locked.txt", "x\n");
    fs::permissions(path, fs::perms::none);
  });
  expect_intact(outcome);
  CHECK(outcome.result.err.find("locked.txt: cannot open: Permission denied") != std::string::npos);
}
