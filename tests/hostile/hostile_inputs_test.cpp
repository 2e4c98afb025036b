// Files, links and arguments a repository or a pull request controls: config
// files that look binary, UTF-16, config files over the read chunk, links and
// FIFOs where the analysis reads, an --output link, workflow commands in
// stderr, and numbers that do not fit.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "detect/example_template.hpp"
#include "detect/npm_token.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using namespace nts::test::hostile;
namespace fs = std::filesystem;

namespace {

std::string utf16(const std::string& ascii, bool big_endian) {
  std::string out = big_endian ? std::string("\xfe\xff", 2) : std::string("\xff\xfe", 2);
  for (char c : ascii) {
    if (big_endian) {
      out += '\0';
      out += c;
    } else {
      out += c;
      out += '\0';
    }
  }
  return out;
}

bool has_path(const nlohmann::json& list, const std::string& path) {
  for (const auto& item : list) {
    if (item["path"] == path) {
      return true;
    }
  }
  return false;
}

// Lines a GitHub runner would parse as workflow commands.
bool forges_command(const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos &&
        (line.compare(first, 2, "::") == 0 || line.compare(first, 3, "##[") == 0)) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("hostile: an .npmrc with a NUL byte or in UTF-16 is still scanned") {
  auto nul = detect::make_npm_token(101);
  auto little = detect::make_npm_token(102);
  auto big = detect::make_npm_token(103);
  auto outcome = scan_with([&](const test::TempDir& dir) {
    dir.write("a/.npmrc", std::string("; \0 npm reads on\n", 17) + control_npmrc(nul));
    dir.write("b/.npmrc", utf16(control_npmrc(little), false));
    dir.write("c/.npmrc", utf16("# build\r\n" + control_npmrc(big), true));
    dir.write(".env.local", std::string("X=\0\n", 4) + "NPM_TOKEN=" + nul + "\n");
    dir.write("logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
  });
  expect_intact(outcome);
  auto report = nlohmann::json::parse(outcome.result.out);
  CHECK(has_path(report["findings"], "a/.npmrc"));
  CHECK(has_path(report["findings"], "b/.npmrc"));
  CHECK(has_path(report["findings"], "c/.npmrc"));
  CHECK(has_path(report["findings"], ".env.local"));
  for (const auto& finding : report["findings"]) {
    if (finding["path"] == "c/.npmrc") {
      CHECK(finding["line"] == 2);
    }
  }
  // A binary file is skipped, counted and named.
  CHECK(has_path(report["errors"], "logo.png"));
  CHECK(report["stats"]["files_skipped"] == 1);
  CHECK(outcome.result.err.find("logo.png: binary") != std::string::npos);
}

TEST_CASE("hostile: a staged .npmrc with a NUL byte blocks the commit") {
  test::RepoBuilder repo;
  repo.write("README.md", "# app\n");
  repo.commit("base", "2026-01-01");
  auto token = detect::make_npm_token(104);
  repo.stage(".npmrc", std::string("\0\n", 2) + control_npmrc(token));
  auto result = test::run_cli({"scan", "--staged", "--format", "json", "."}, repo.path());
  INFO(result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("\"path\": \".npmrc\"") != std::string::npos);
}

TEST_CASE("hostile: an .npmrc larger than the read chunk gets its structural checks") {
  auto literal = detect::fill_templates("{{alnum 40}}", 105);
  REQUIRE(literal);
  auto outcome = scan_with([&](const test::TempDir& dir) {
    std::string filler;
    std::string comment = "; " + std::string(97, 'c') + "\n";
    while (filler.size() < (std::size_t{9} << 20)) {
      filler += comment;
    }
    dir.write("big/.npmrc", filler + "//npm.pkg.github.com/:_authToken=" + *literal + "\n");
  });
  expect_intact(outcome);
  auto report = nlohmann::json::parse(outcome.result.out);
  bool found = false;
  for (const auto& finding : report["findings"]) {
    found = found || (finding["path"] == "big/.npmrc" && finding["rule"] == "npmrc-auth-token");
  }
  CHECK(found);
}

TEST_CASE("hostile: the analysis never follows a tracked path turned link, never opens a FIFO") {
  test::TempDir outside;
  auto marker = detect::fill_templates("outside-{{alnum 24}}", 106);
  REQUIRE(marker);
  outside.write("workflows/release.yml", "on: push\njobs:\n  " + *marker +
                                             ":\n    runs-on: ubuntu-latest\n    steps:\n"
                                             "      - run: npm publish\n");
  outside.write("package.json", "{\"name\": \"" + *marker + "\"}\n");
  test::RepoBuilder repo;
  repo.write(".github/workflows/release.yml",
             "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - run: npm publish\n");
  repo.write("package.json", "{\"name\": \"app\"}\n");
  repo.write("control/.npmrc", control_npmrc(detect::make_npm_token(107)));
  repo.commit("base", "2026-01-01");
  // The work tree changes under git: a folder becomes a link out, a file a FIFO.
  fs::remove_all(fs::path(repo.path()) / ".github");
  fs::create_directory_symlink(outside.path(), fs::path(repo.path()) / ".github");
  fs::remove(fs::path(repo.path()) / "package.json");
  REQUIRE(::mkfifo((fs::path(repo.path()) / "package.json").c_str(), 0600) == 0);
  auto result = test::run_command(
      {"/usr/bin/timeout", "60", test::binary_path(), "scan", "--format", "json", "."},
      repo.path());
  INFO(result.err);
  CHECK(result.exit_code == 1);  // the control token; no hang (timeout exits 124)
  CHECK(result.out.find(*marker) == std::string::npos);
  CHECK(result.err.find(*marker) == std::string::npos);
  CHECK(result.err.find("package.json: not a regular file") != std::string::npos);
  CHECK(result.err.find("release.yml: a symbolic link") != std::string::npos);
}

TEST_CASE("hostile: --output and --write-baseline never write through a symlink") {
  test::TempDir outside;
  auto victim = outside.write("victim.txt", "keep me\n");
  test::TempDir dir;
  dir.write("control/.npmrc", control_npmrc(detect::make_npm_token(108)));
  fs::create_symlink(victim, dir.path() / "npm-token-scan.sarif");
  fs::create_symlink(victim, dir.path() / "baseline.json");
  auto report = test::run_cli(
      {"scan", "--format", "sarif", "--output", "npm-token-scan.sarif", "."}, dir.str());
  CHECK(report.exit_code == 3);
  CHECK(report.err.find("npm-token-scan.sarif: cannot write the report: is a symbolic link") !=
        std::string::npos);
  auto baseline = test::run_cli({"scan", "--write-baseline", "baseline.json", "."}, dir.str());
  CHECK(baseline.exit_code == 3);
  CHECK(test::read_file(victim) == "keep me\n");
  CHECK(fs::is_symlink(dir.path() / "npm-token-scan.sarif"));
  // A regular file is replaced; a character device is written in place.
  dir.write("report.json", "old\n");
  auto plain =
      test::run_cli({"scan", "--format", "json", "--output", "report.json", "."}, dir.str());
  CHECK(plain.exit_code == 1);
  CHECK(test::read_file(dir.path() / "report.json").find("\"findings\"") != std::string::npos);
  auto device = test::run_cli({"scan", "--output", "/dev/null", "."}, dir.str());
  CHECK(device.exit_code == 1);
}

TEST_CASE("hostile: repository text on stderr cannot forge a workflow command") {
  test::TempDir dir;
  dir.write("control/.npmrc", control_npmrc(detect::make_npm_token(109)));
  dir.write(".npm-token-scan.yaml",
            "disable-rules: []\n::stop-commands::pwned\n  \x1b[2J::error title=forged::x\n");
  auto result = test::run_cli({"scan", "--format", "json", "."}, dir.str());
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(".npm-token-scan.yaml") != std::string::npos);
  // A token on the config line the error quotes is masked.
  auto token = detect::make_npm_token(111);
  dir.write(".npm-token-scan.yaml", "disable-rules: [" + token + "\n");
  auto quoted = test::run_cli({"scan", "--format", "json", "."}, dir.str());
  CHECK(quoted.exit_code == 2);
  CHECK(quoted.err.find(token.substr(6)) == std::string::npos);
  CHECK_FALSE(forges_command(result.err));
  CHECK(result.err.find('\x1b') == std::string::npos);
  // A file name that starts a line of the text report.
  test::TempDir named;
  named.write("::error title=forged::x", "NPM_TOKEN=" + detect::make_npm_token(110) + "\n");
  auto text = test::run_cli({"scan", "--format", "text", "--no-color", "."}, named.str());
  CHECK(text.exit_code == 1);
  CHECK_FALSE(forges_command(text.out));
  CHECK_FALSE(forges_command(text.err));
}

TEST_CASE("hostile: numbers that do not fit are usage errors, runtime failures exit 3") {
  test::TempDir dir;
  dir.write("a.txt", "nothing\n");
  auto huge = test::run_cli({"scan", "--max-file-size", "99999999999999999999", "."}, dir.str());
  CHECK(huge.exit_code == 2);
  CHECK(huge.err.find("--max-file-size: '99999999999999999999' is not a size") !=
        std::string::npos);
  CHECK(huge.err.find("internal error") == std::string::npos);
  auto shifted = test::run_cli({"scan", "--max-file-size", "17179869184G", "."}, dir.str());
  CHECK(shifted.exit_code == 2);
  auto jobs = test::run_cli({"scan", "--jobs", "100000000", "."}, dir.str());
  CHECK(jobs.exit_code == 2);
  CHECK(jobs.err.find("internal error") == std::string::npos);
  for (const char* timeout : {"nan", "inf", "1e308", "-1"}) {
    auto org = test::run_cli({"org", "--repos", "/dev/null", "--timeout", timeout}, dir.str());
    INFO(timeout << ": " << org.err);
    CHECK(org.exit_code == 2);
  }
  // A repository whose HEAD tree is missing: the input exists but cannot be read.
  test::RepoBuilder repo;
  repo.write("README.md", "# app\n");
  auto base = repo.commit("base", "2026-01-01");
  repo.write("src/index.js", "module.exports = 1;\n");
  auto head = repo.commit("change", "2026-01-02");
  auto tree = test::run_command({"/usr/bin/git", "-C", repo.path(), "rev-parse", "HEAD^{tree}"});
  REQUIRE(tree.exit_code == 0);
  fs::remove(repo.loose_object_path(tree.out.substr(0, 40)));
  auto range = test::run_cli({"scan", "--range", base + ".." + head, "."}, repo.path());
  INFO(range.err);
  CHECK(range.exit_code == 3);
  auto unknown = test::run_cli({"scan", "--range", "nope..HEAD", "."}, repo.path());
  CHECK(unknown.exit_code == 2);
}
