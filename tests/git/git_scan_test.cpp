#include "scan/git_scan.hpp"

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

core::ScanReport run(const RepoBuilder& repo, scan::GitMode mode, const std::string& range = "") {
  scan::GitScanOptions options;
  options.path = repo.path();
  options.mode = mode;
  options.range = range;
  auto report = scan::scan_git(options, test::builtin_detector(), nullptr);
  REQUIRE(report.ok());
  return std::move(report).value();
}

std::vector<const core::Finding*> of_rule(const core::ScanReport& report, const std::string& rule) {
  std::vector<const core::Finding*> out;
  for (const core::Finding& finding : report.findings) {
    if (finding.rule_id == rule) {
      out.push_back(&finding);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("git scan: a deleted token is reported once, not present, with its commit") {
  std::string token = detect::make_npm_token(31);
  RepoBuilder repo;
  repo.write("README.md", "hello\n");
  repo.commit("start", "2024-01-01");
  repo.write("deploy.sh", "export NPM_TOKEN=" + token + "\n");
  std::string added = repo.commit("add deploy script", "2024-01-02");
  repo.write("deploy.sh", "echo deploying\nexport NPM_TOKEN=" + token + "\n");
  repo.commit("edit around it", "2024-01-03");
  repo.remove("deploy.sh");
  repo.commit("remove it", "2024-01-04");

  core::ScanReport report = run(repo, scan::GitMode::history);
  CHECK(report.target.mode == "history");
  auto leaks = of_rule(report, "npm-access-token");
  REQUIRE(leaks.size() == 1);
  CHECK(leaks[0]->location.path == "deploy.sh");
  CHECK(leaks[0]->commit == added);
  CHECK_FALSE(leaks[0]->still_present);
  CHECK(leaks[0]->message.find("revoke it") != std::string::npos);
}

TEST_CASE("git scan: staged and range findings carry only new lines") {
  std::string old_token = detect::make_npm_token(32);
  std::string new_token = detect::make_npm_token(33);
  RepoBuilder repo;
  repo.write("deploy.sh", "export NPM_TOKEN=" + old_token + "\n");
  repo.commit("start", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");
  repo.write("deploy.sh",
             "export NPM_TOKEN=" + old_token + "\nexport NPM_TOKEN2=" + new_token + "\n");
  std::string commit = repo.commit("second token", "2024-01-02");

  core::ScanReport range = run(repo, scan::GitMode::range, "main..feature");
  auto leaks = of_rule(range, "npm-access-token");
  REQUIRE(leaks.size() == 1);
  CHECK(leaks[0]->location.line == 2);
  CHECK(leaks[0]->commit == commit);
  CHECK(leaks[0]->still_present);

  std::string staged_token = detect::make_npm_token(34);
  repo.stage("deploy.sh", "export NPM_TOKEN=" + old_token + "\nexport NPM_TOKEN2=" + new_token +
                              "\nmore\nexport NPM_TOKEN3=" + staged_token + "\n");
  core::ScanReport staged = run(repo, scan::GitMode::staged);
  auto staged_leaks = of_rule(staged, "npm-access-token");
  REQUIRE(staged_leaks.size() == 1);  // lines 1 and 2 are unchanged since HEAD
  CHECK(staged_leaks[0]->location.line == 4);
  CHECK_FALSE(staged_leaks[0]->commit.has_value());
  CHECK(staged_leaks[0]->still_present);
}
