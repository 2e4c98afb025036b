#include <algorithm>
#include <sstream>

#include "report/report.hpp"
#include "report/test_report.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

namespace {

std::string render(const core::ScanReport& report, const std::vector<rules::Rule>* rules) {
  report::RenderOptions options;
  options.tool_version = "1.2.3";
  options.rules = rules;
  std::ostringstream out;
  report::write_github(out, report, options);
  return out.str();
}

}  // namespace

TEST_CASE("github: one workflow command per finding, level by severity") {
  auto rules = report::test::sample_rules();
  CHECK(
      render(report::test::sample_report(), &rules) ==
      "::error file=packages/cli/.npmrc,line=1,col=34,title=npm access token (npm-access-token)::"
      "npm access token committed%0Avalue: npm_Ab…(redacted, 40 chars)%0A"
      "commit: 89abcdef0123 (deleted since, but still in history: it leaked and must be revoked)"
      "%0Ahelp: revoke it "
      "now\n"
      "::notice file=.npmrc,line=1,col=34,title=npm token reference (npm-token-reference)::"
      "_authToken takes its value from ${NPM_TOKEN}%0Avalue: ${NPM_TOKEN}%0A"
      "help: publish with trusted publishing\n"
      "::warning file=.github/workflows/release.yml,line=12,col=9,title=workflow-long-lived-token::"
      "job 'release' publishes with NODE_AUTH_TOKEN from secrets.NPM_TOKEN%0A"
      "help: switch to trusted publishing\n"
      "npm-token-scan: 3 findings in 7 files, 1 publishing job\n");
}

TEST_CASE("github: escaping follows @actions/core") {
  CHECK(report::github_escape_data("100%\r\nnext::x,y:z") == "100%25%0D%0Anext::x,y:z");
  CHECK(report::github_escape_property("100%\r\nnext::x,y:z") == "100%25%0D%0Anext%3A%3Ax%2Cy%3Az");
  // '%' first: an existing "%0A" in a name must not turn into a line break.
  CHECK(report::github_escape_property("a%0Ab") == "a%250Ab");
  CHECK(report::github_escape_data("") == "");
}

TEST_CASE("github: a hostile file name or message cannot forge a command or property") {
  core::ScanReport report;
  core::Finding f;
  f.rule_id = "npm-access-token";
  f.severity = core::Severity::low;
  f.message = "line one\n::error file=evil.js::forged";
  f.location = {"dir,line=99/we:ird\n::error::x%0A.npmrc", 3, 0};
  report.findings = {f};
  CHECK(render(report, nullptr) ==
        "::warning file=dir%2Cline=99/we%3Aird%0A%3A%3Aerror%3A%3Ax%250A.npmrc,line=3,"
        "title=npm-access-token::line one%0A::error file=evil.js::forged\n"
        "npm-token-scan: 1 finding in 0 files, 0 publishing jobs\n");
  // Exactly one command line plus the summary: nothing the repository wrote starts a line.
  auto out = render(report, nullptr);
  CHECK(std::count(out.begin(), out.end(), '\n') == 2);
}

TEST_CASE("github: other control characters show escaped, the log renders ANSI sequences") {
  CHECK(report::github_escape_data("a\x1b[31mb\tc\x7f") == "a\\x1b[31mb\\tc\\x7f");
  CHECK(report::github_escape_property("x\x1b]0;t\x07") == "x\\x1b]0;t\\x07");
}

TEST_CASE("github: a whole-file finding has no line or column") {
  core::ScanReport report;
  core::Finding f;
  f.rule_id = "x";
  f.severity = core::Severity::high;
  f.message = "m";
  f.location = {"a.txt", 0, 0};
  report.findings = {f};
  CHECK(render(report, nullptr) ==
        "::error file=a.txt,title=x::m\nnpm-token-scan: 1 finding in 0 files, 0 publishing jobs\n");
}
