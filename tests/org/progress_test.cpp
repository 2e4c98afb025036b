// Progress on stderr: the real binary under a pseudo-terminal draws one line
// (done/total, current repository, elapsed, ETA) that fits the terminal and
// keeps failures above it; without a terminal it writes plain log lines. In
// both, stdout carries the report and nothing else.
#include "org/progress.hpp"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"
#include "util/text.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

constexpr const char* k_redraw = "\r\033[K";

// What the terminal received, cut at each redraw: progress lines start with
// '[' (or a digit on a narrow terminal), kept failure lines with "npm-token-scan: [".
std::vector<std::string> segments(const std::string& terminal) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < terminal.size()) {
    auto next = terminal.find(k_redraw, at);
    if (next != at) {
      out.push_back(terminal.substr(at, next - at));
    }
    if (next == std::string::npos) {
      break;
    }
    at = next + std::string(k_redraw).size();
  }
  return out;
}

bool is_progress(const std::string& segment) {
  return segment.rfind("npm-token-scan:", 0) != 0;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

std::string tail(const std::string& text, std::size_t n) {
  return text.substr(text.size() - n);
}

}  // namespace

TEST_CASE("org progress: a line on a terminal, plain log lines elsewhere, stdout stays clean") {
  std::vector<std::unique_ptr<RepoBuilder>> built;
  std::vector<std::string> repos;
  for (std::string name : {"a", "b", "c"}) {
    auto& repo = built.emplace_back(std::make_unique<RepoBuilder>());
    repo->write("README.md", name + "\n");
    repo->commit(name, "2024-01-01");
    repos.push_back(repo->path());
  }
  std::string broken = "file:///nonexistent/npm-token-scan-test/missing.git";
  std::sort(repos.begin(), repos.end());
  repos.push_back(broken);  // "file:" sorts after every absolute path

  test::TempDir work;
  std::string listed;
  for (const auto& repo : repos) {
    listed += repo + "\n";
  }
  auto list = work.write("repos.txt", listed);
  // One at a time, so the order of the drawn lines is known.
  std::vector<std::string> args = {
      "org",    "--repos", list.string(), "--cache", work.str() + "/cache",
      "--jobs", "1",       "--fail-on",   "never"};

  auto check_report = [&](const test::CliResult& result) {
    CHECK(result.exit_code == 3);
    CHECK(result.out.find('\033') == std::string::npos);
    CHECK(result.out.find('\r') == std::string::npos);
    auto report = nlohmann::json::parse(result.out);
    CHECK(report["summary"]["repositories"] == 4);
    CHECK(report["summary"]["failed"] == 1);
  };

  SECTION("on a terminal: one line rewritten in place, failures kept above it") {
    unsigned short columns = GENERATE(80, 40);
    INFO("columns: " << columns);
    auto result = test::run_cli_tty(args, columns);
    INFO(result.err);
    check_report(result);
    auto drawn = segments(result.err);
    std::vector<std::string> lines;
    for (const auto& segment : drawn) {
      if (is_progress(segment)) {
        lines.push_back(first_line(segment));
        // Never wider than the terminal: a wrapped line cannot be rewritten in place.
        CHECK(util::count_code_points(lines.back()) < columns);
      }
    }
    // started(repos[k]) draws "k/4" with repos[k] as the current repository (its end, at least).
    for (std::size_t k = 0; k < repos.size(); ++k) {
      INFO("progress line for " << repos[k]);
      std::string count = std::to_string(k) + "/4  elapsed ";
      bool seen = false;
      for (const auto& line : lines) {
        seen = seen || (line.find(count) != std::string::npos && line.size() >= 8 &&
                        tail(line, 8) == tail(repos[k], 8));
      }
      CHECK(seen);
    }
    CHECK(lines.front().find("0/4  elapsed 0:0") != std::string::npos);
    CHECK(lines.front().find("ETA ?") != std::string::npos);
    // The last line: everything done, nothing running, ETA zero; it stays on screen.
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back().find("4/4  elapsed ") != std::string::npos);
    CHECK(lines.back().find("ETA 0:00") != std::string::npos);
    if (columns == 80) {
      CHECK(lines.back().rfind("[########################] 4/4", 0) == 0);
    }
    // The failure was written above the progress line, as a line of its own.
    bool kept = false;
    for (const auto& segment : drawn) {
      kept = kept || segment.rfind("npm-token-scan: [4/4] " + broken + ": error: ", 0) == 0;
    }
    CHECK(kept);
  }

  SECTION("elsewhere: one plain line per finished repository, no terminal codes") {
    auto result = test::run_cli(args);
    INFO(result.err);
    check_report(result);
    CHECK(result.err.find('\r') == std::string::npos);
    CHECK(result.err.find('\033') == std::string::npos);
    std::size_t previous = 0;
    for (std::size_t k = 0; k < repos.size(); ++k) {
      std::string line = "npm-token-scan: [" + std::to_string(k + 1) + "/4] " + repos[k] +
                         (k + 1 < repos.size() ? ": ok (elapsed " : ": error: ");
      auto at = result.err.find(line);
      CHECK(at != std::string::npos);
      CHECK(at >= previous);  // in the order they finished
      previous = at == std::string::npos ? previous : at;
    }
  }
}

TEST_CASE("org progress: names are cut at the front to fit, never inside a character") {
  CHECK(org::fit_tail("short", 10) == "short");
  CHECK(org::fit_tail("/srv/git/team/widgets", 8) == "…widgets");
  CHECK(org::fit_tail("/srv/git/ünïcödé", 6) == "…ïcödé");
  CHECK(org::fit_tail("anything", 0).empty());
  CHECK(org::format_duration(65) == "1:05");
  CHECK(org::format_duration(3723) == "1:02:03");
  CHECK(org::format_duration(-3) == "0:00");

  std::ostringstream out;
  org::Progress progress(out, 2, true, 30);
  progress.started("/srv/git/a-rather-long-repository-name");
  progress.finished("/srv/git/a-rather-long-repository-name", "ok", false);
  progress.done();
  auto drawn = segments(out.str());
  REQUIRE(drawn.size() == 2);
  CHECK(drawn[0] == "0/2  elapsed 0:00  ETA ?  …me");
  CHECK(drawn[1] == "1/2  elapsed 0:00  ETA 0:00\n");
}

TEST_CASE("org progress: while a --dir walk still finds repositories the total reads N+") {
  std::ostringstream log;
  org::Progress plain(log, 1, false);
  plain.set_total(3, false);
  plain.finished("/srv/git/a", "ok", false);
  plain.set_total(4, true);
  plain.finished("/srv/git/b", "ok", false);
  CHECK(log.str().rfind("npm-token-scan: [1/3+] /srv/git/a: ok (elapsed 0:00)\n", 0) == 0);
  CHECK(log.str().find("npm-token-scan: [2/4] /srv/git/b: ok (elapsed 0:00)\n") !=
        std::string::npos);

  std::ostringstream terminal;
  org::Progress line(terminal, 2, true, 80);
  line.set_total(2, false);
  line.finished("/srv/git/a", "ok", false);
  CHECK(terminal.str().find("] 1/2+  elapsed 0:00  ETA ?") != std::string::npos);
}
