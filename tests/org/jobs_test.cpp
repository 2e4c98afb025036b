// The org report job by job (org/jobs.hpp) and the formats built on it:
// jobs-csv, jobs-markdown, the dashboard's job table, the stderr summary line.
// The suite pins NTS_TODAY=2026-12-02 (tests/CMakeLists.txt): 30 days before
// the January 2027 bypass-2FA deadline of rules/workflow/deadlines.yaml.
#include "org/jobs.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "org/aggregate.hpp"
#include "tests/org/org_report_helpers.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"

using namespace nts;
using nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

ordered_json publishing_job(const char* id, const char* auth, const char* readiness,
                            std::vector<std::string> blockers) {
  return {
      {"id", id},
      {"publishes_npm", true},
      {"auth", auth},
      {"trusted_publishing", readiness},
      {"blockers", blockers},
      {"advice", {"Add `permissions: id-token: write` to job '" + std::string(id) + "'."}},
      {"packages", ordered_json::array()},
      {"trusted_publisher",
       {{"owner", "acme"},
        {"repository", "x"},
        {"workflow", "release.yml"},
        {"environment", nullptr},
        {"command", "npm trust github <pkg> --file release.yml --repo acme/x --allow-publish"}}}};
}

ordered_json sample() {
  std::vector<org::RepoResult> results(3);
  results[0].repository = "https://git.example/acme/tool-10.git";
  results[0].name = "acme/tool-10";
  results[0].ok = true;
  results[0].scanned_at = "2026-12-02T10:05:00Z";
  auto monorepo =
      publishing_job("publish", "token", "needs-changes",
                     {"no id-token: write", "long-lived token still wired (NPM_TOKEN)"});
  monorepo["packages"] = {"@acme/a", "@acme/b"};
  results[0].workflows = {
      {{"path", ".github/workflows/release.yml"},
       {"jobs", {monorepo, {{"id", "test"}, {"publishes_npm", false}, {"auth", "none"}}}}}};
  results[1].repository = "https://git.example/acme/tool-2.git";
  results[1].name = "acme/tool-2";
  results[1].ok = true;
  results[1].scanned_at = "2026-12-02T10:01:00Z";
  results[1].workflows = {{{"path", ".github/workflows/release.yml"},
                           {"jobs",
                            {publishing_job("release", "hybrid", "needs-changes",
                                            {"long-lived token still wired (NODE_AUTH_TOKEN)"}),
                             publishing_job("canary", "oidc", "ready", {})}}}};
  results[2] = org::failed_result("/srv/git/gone", "cannot open");
  return org::org_report(results, "9.9.9");
}

}  // namespace

TEST_CASE("org jobs: natural order, blocker kinds, counts by kind") {
  CHECK(org::natural_less("repo-2", "repo-10"));
  CHECK_FALSE(org::natural_less("repo-10", "repo-2"));
  CHECK(org::natural_less("Alpha", "beta"));  // case does not lead
  CHECK(org::natural_less("a-007", "a-8"));
  CHECK(org::natural_less("x", "x1"));
  CHECK_FALSE(org::natural_less("same", "same"));
  CHECK(org::blocker_kind("long-lived token still wired (NPM_TOKEN, .npmrc write)") ==
        "long-lived token still wired");
  CHECK(org::blocker_kind("npm 10 (Node 22) without an npm upgrade") ==
        "npm 10 without an npm upgrade");
  CHECK(org::blocker_kind("no id-token: write") == "no id-token: write");

  auto rows = org::job_rows(sample());
  REQUIRE(rows.size() == 3);  // the test job does not publish
  // Natural order of the names: tool-2 before tool-10, then workflow and job.
  CHECK(rows[0].name == "acme/tool-2");
  CHECK(rows[0].job == "canary");
  CHECK(rows[1].job == "release");
  CHECK(rows[2].name == "acme/tool-10");
  // One npm trust command per published package, each name shell-quoted.
  REQUIRE(rows[2].commands.size() == 2);
  CHECK(rows[2].commands[0] ==
        "npm trust github @acme/a --file release.yml --repo acme/x --allow-publish");
  CHECK(rows[2].commands[1] ==
        "npm trust github @acme/b --file release.yml --repo acme/x --allow-publish");
  auto groups = org::blocker_groups(rows);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0] == std::pair<std::string, int>{"long-lived token still wired", 2});
  CHECK(groups[1] == std::pair<std::string, int>{"no id-token: write", 1});
}

TEST_CASE("org jobs: the deadline follows the rules data and NTS_TODAY") {
  auto report = sample();
  auto deadline = org::migration_deadline(org::job_rows(report));
  CHECK(deadline.date == "2027-01-01");
  REQUIRE(deadline.days_left);
  CHECK(*deadline.days_left == 30);
  CHECK(deadline.token_jobs == 1);
  CHECK(deadline.hybrid_jobs == 1);
  CHECK(deadline.write_token_text.find("90 days") != std::string::npos);
  CHECK(org::scan_period(report) ==
        std::pair<std::string, std::string>{"2026-12-02T10:01:00Z", "2026-12-02T10:05:00Z"});
  auto line = org::summary_line(report);
  CHECK(line ==
        "npm-token-scan: 3 repositories (1 failed), 3 publishing jobs: 1 token, 1 hybrid, 1 OIDC; "
        "0 leaked secrets; bypass-2FA deadline 2027-01-01: 30 days left, 1 jobs break then");
}

TEST_CASE("org jobs: jobs-csv and jobs-markdown hand each job its plan") {
  auto report = sample();
  std::ostringstream csv;
  org::write_org_jobs_csv(csv, report);
  std::istringstream lines(csv.str());
  std::string header;
  std::getline(lines, header);
  CHECK(header ==
        "repository,name,workflow,job,publishes_npm,auth,trusted_publishing,blockers,"
        "migration_steps,trust_commands,provider\r");
  CHECK(csv.str().find(",github\r\n") != std::string::npos);
  CHECK(csv.str().find("https://git.example/acme/tool-10.git,acme/tool-10,.github/workflows/"
                       "release.yml,publish,true,token,needs-changes,no id-token: write; "
                       "long-lived token still wired (NPM_TOKEN),") != std::string::npos);
  CHECK(csv.str().find("@acme/a --file release.yml --repo acme/x --allow-publish\nnpm trust") !=
        std::string::npos);

  std::ostringstream markdown;
  org::write_org_jobs_markdown(markdown, report);
  const std::string md = markdown.str();
  CHECK(md.find("**30 days left** until 2027-01-01") != std::string::npos);
  CHECK(md.find("1 jobs publish with a token only and break then; 1 hybrid jobs") !=
        std::string::npos);
  CHECK(md.find("Blockers: long-lived token still wired × 2, no id-token: write × 1") !=
        std::string::npos);
  CHECK(md.find("| acme/tool-2 | `.github/workflows/release.yml` | `canary` | oidc | ready |  |") !=
        std::string::npos);
  CHECK(md.find("<details><summary>acme/tool-10 · .github/workflows/release.yml · "
                "publish</summary>") != std::string::npos);
  CHECK(md.find("1. Add `permissions: id-token: write` to job 'publish'.") != std::string::npos);
  // The per-repository Markdown names repositories owner/name and gives the deadline.
  std::ostringstream repo_markdown;
  org::write_org_markdown(repo_markdown, report);
  CHECK(repo_markdown.str().find("- npm's bypass-2FA deadline 2027-01-01: 30 days left; 1 token "
                                 "jobs break then, 1 hybrid jobs fall back to a token\n") !=
        std::string::npos);
  CHECK(repo_markdown.str().find("| acme/tool-10 | ok |") != std::string::npos);
  // The existing per-repository formats keep their columns.
  std::ostringstream repo_csv;
  org::write_org_csv(repo_csv, report);
  CHECK(repo_csv.str().rfind(
            "repository,status,head,publishing_token,publishing_hybrid,publishing_oidc,ready,"
            "needs_changes,blocked,leaks,findings,error,possibly_publishing,suppressed_findings,"
            "suppressed_leaks\r\n",
            0) == 0);
}

TEST_CASE("org jobs: a repository is named owner/name from its remote, with its scan time") {
  test::RepoBuilder named;
  named.write("README.md", "x\n");
  named.commit("init", "2024-01-01");
  {
    std::ofstream config(fs::path(named.gitdir()) / "config", std::ios::app);
    config << "[remote \"origin\"]\n\turl = https://user:pw@github.com/acme/named-app.git\n";
  }
  test::RepoBuilder plain;
  plain.write("README.md", "y\n");
  plain.commit("init", "2024-01-01");
  test::TempDir work;
  auto list = work.write("repos.txt", named.path() + "\n" + plain.path() + "\n");
  auto result = test::run_cli({"org", "--repos", list.string(), "--fail-on", "never"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto report = nlohmann::json::parse(result.out);
  CHECK(test::org_entry(report, named.path())["name"] == "acme/named-app");
  CHECK(test::org_entry(report, plain.path())["name"] == plain.path());
  CHECK(test::org_entry(report, plain.path())["scanned_at"].get<std::string>().size() == 20);
  // The summary line after the progress, and the stored name read back by merge.
  CHECK(result.err.find("npm-token-scan: 2 repositories, 0 publishing jobs") != std::string::npos);
  auto saved = work.write("org.json", result.out);
  auto merged = test::run_cli({"merge", saved.string(), "--format", "jobs-csv"});
  CHECK(merged.exit_code == 0);
  auto html = test::run_cli({"merge", saved.string(), "--format", "html"});
  CHECK(html.out.find("acme/named-app") != std::string::npos);
  CHECK(html.out.find("user:pw") == std::string::npos);
}
