// Jobs that may publish in every org format. The dashboard as a browser
// shows it is checked in headless Chromium by tests/org/browser/dashboard_test.mjs.
#include <sstream>

#include "org/aggregate.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

namespace {

nlohmann::ordered_json sample_report() {
  auto job = [](const char* auth, const char* readiness) {
    return nlohmann::ordered_json{
        {"id", "publish"},
        {"publishes_npm", true},
        {"auth", auth},
        {"trusted_publishing", readiness},
        {"blockers", nlohmann::ordered_json::array({"self-hosted runner"})}};
  };
  std::vector<org::RepoResult> results(4);
  results[0].repository = "https://git.example/acme/widgets";
  results[0].ok = true;
  results[0].workflows = {{{"path", ".github/workflows/release.yml"},
                           {"jobs", {job("token", "blocked"), job("token", "needs-changes")}}}};
  results[1].repository = "https://git.example/acme/gadgets";
  results[1].ok = true;
  results[1].workflows = {
      {{"path", ".github/workflows/release.yml"}, {"jobs", {job("oidc", "ready")}}}};
  results[1].findings = {{{"rule", "npm-access-token"},
                          {"severity", "high"},
                          {"path", ".npmrc"},
                          {"line", 1},
                          {"secret", "npm_Ab…(redacted)"},
                          {"commit", "0123456789abcdef0123456789abcdef01234567"},
                          {"still_present", false}}};
  results[2].repository = "https://git.example/acme/<b>bold</b>";
  results[2].ok = true;
  auto unknown = job("token", "not-applicable");
  unknown["publishes_npm"] = "unknown";
  results[2].workflows = {
      {{"path", ".github/workflows/ci.yml"}, {"jobs", {job("hybrid", "needs-changes"), unknown}}}};
  results[3] = org::failed_result("https://git.example/acme/gone", "cannot clone: not found");
  return org::org_report(results, "0.2.0");
}

}  // namespace

TEST_CASE("org reports count jobs that may publish (publishes_npm unknown) in every format") {
  auto report = sample_report();
  const auto& jobs = report["summary"]["publishing_jobs"];
  CHECK(jobs["unknown"].get<int>() == 1);
  CHECK(jobs["token"].get<int>() == 2);  // the unknown job is not counted as a token publisher
  std::ostringstream csv, markdown;
  org::write_org_csv(csv, report);
  org::write_org_markdown(markdown, report);
  CHECK(csv.str().find(",possibly_publishing,suppressed_findings,suppressed_leaks\r\n") !=
        std::string::npos);
  CHECK(csv.str().find(",1,0,0\r\n") != std::string::npos);
  CHECK(
      markdown.str().find("possibly publishing (unknown, the scanner cannot see the publish): 1") !=
      std::string::npos);
  // A wrongly typed verdict in a stored report counts as nothing instead of throwing.
  nlohmann::ordered_json odd = report;
  odd["repositories"][0]["workflows"][0]["jobs"][0]["publishes_npm"] = 7;
  odd["repositories"][0]["workflows"][0]["jobs"][0]["auth"] = nullptr;
  CHECK_NOTHROW(org::repo_stats(odd["repositories"][0]));
}
