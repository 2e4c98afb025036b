// docs/contract.md's JSON table is the JSON writer's key set, both ways: a
// report with every optional part filled in is written, and every key path in
// it must have a row, and every row a key path (issue 18).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "report/report.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

// "workflows[].jobs[].id" for every member, arrays as "[]", intermediate keys included.
void collect_paths(const nlohmann::json& value, const std::string& prefix,
                   std::set<std::string>& out) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      std::string path = prefix.empty() ? key : prefix + "." + key;
      out.insert(path);
      collect_paths(member, path, out);
    }
  } else if (value.is_array()) {
    for (const auto& element : value) {
      collect_paths(element, prefix + "[]", out);
    }
  }
}

core::JobReport job_with_everything(core::Provider provider) {
  core::JobReport job;
  job.id = "publish";
  job.line = 3;
  job.publishes_npm = core::Publishes::yes;
  job.auth = core::Auth::token;
  job.blockers = {"a blocker"};
  job.advice = {"some advice"};
  job.packages = {"widgets"};
  job.publish_steps = {{10, 9, "npm publish", {{"package.json", 4, "npm run release"}}}};
  job.token_sources = {{12, 11, "NODE_AUTH_TOKEN", "secrets.NPM_TOKEN"}};
  job.token_commands = {{14, 14, "npm dist-tag add", job.token_sources}};
  core::TrustedPublisher publisher;
  publisher.owner = "acme";
  publisher.repository = "widgets";
  publisher.workflow = "release.yml";
  publisher.environment = "npm";
  publisher.command = "npm trust github widgets --file release.yml --repo acme/widgets";
  publisher.provider = provider;
  publisher.ci_file = ".gitlab-ci.yml";
  job.trusted_publisher = publisher;
  job.unresolved = {{"scripts/x.sh", 2, "missing"}};
  job.publish_hints = {"job named 'publish'"};
  job.called_from = {{"release.yml (job ship)"}};
  return job;
}

}  // namespace

TEST_CASE("contract: docs/contract.md documents every key of the JSON report, and only those") {
  core::ScanReport report;
  report.target.commit = std::string(40, 'a');
  core::Finding finding;
  finding.rule_id = "npm-access-token";
  finding.location = core::Location{".npmrc", 1, 1};
  finding.commit = std::string(40, 'b');
  report.findings.push_back(finding);
  core::WorkflowReport github;
  github.path = ".github/workflows/release.yml";
  github.jobs.push_back(job_with_everything(core::Provider::github));
  core::WorkflowReport gitlab;
  gitlab.path = ".gitlab-ci.yml";
  gitlab.provider = core::Provider::gitlab;
  gitlab.jobs.push_back(job_with_everything(core::Provider::gitlab));
  core::WorkflowReport circleci;
  circleci.path = ".circleci/config.yml";
  circleci.provider = core::Provider::circleci;
  circleci.jobs.push_back(job_with_everything(core::Provider::circleci));
  report.workflows = {github, gitlab, circleci};
  report.issues.push_back({core::ScanIssue::Kind::note, "a.bin", 7, "skipped"});
  std::ostringstream written;
  report::RenderOptions options;
  options.tool_version = "0.0.0";
  report::write_report(written, report::Format::json, report, options);
  std::set<std::string> emitted;
  collect_paths(nlohmann::json::parse(written.str()), "", emitted);

  auto doc = test::read_file(std::filesystem::path(NTS_SOURCE_DIR) / "docs" / "contract.md");
  auto start = doc.find("\n## JSON report");
  REQUIRE(start != std::string::npos);
  auto end = doc.find("\n## ", start + 1);
  std::string section = doc.substr(start, end - start);
  std::set<std::string> documented;
  std::regex row(R"(\n\| `([a-z_.\[\]]+)` \|)");
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it) {
    documented.insert((*it)[1]);
  }
  REQUIRE(documented.size() > 50);
  for (const auto& path : emitted) {
    INFO("written by the JSON writer, missing from docs/contract.md: " << path);
    CHECK(documented.count(path) == 1);
  }
  for (const auto& path : documented) {
    INFO("in docs/contract.md, never written: " << path);
    CHECK(emitted.count(path) == 1);
  }
}
