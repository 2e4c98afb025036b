#include <sstream>

#include "report/report.hpp"
#include "report/test_report.hpp"
#include "tests/support/catch.hpp"

using namespace nts;
using Json = nlohmann::json;

namespace {

Json render(const core::ScanReport& report, const std::vector<rules::Rule>* rules) {
  report::RenderOptions options;
  options.tool_version = "1.2.3";
  options.rules = rules;
  std::ostringstream out;
  report::write_sarif(out, report, options);
  return Json::parse(out.str());
}

}  // namespace

TEST_CASE("sarif: one run, a driver describing every rule") {
  auto rules = report::test::sample_rules();
  auto doc = render(report::test::sample_report(), &rules);
  CHECK(doc["version"] == "2.1.0");
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(doc["runs"].size() == 1);
  const auto& run = doc["runs"][0];
  CHECK(run["columnKind"] == "unicodeCodePoints");
  CHECK(
      run["originalUriBaseIds"] ==
      Json::parse(R"({"%SRCROOT%": {"description": {"text": "The root of the scanned tree."}}})"));
  const auto& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "npm-token-scan");
  CHECK(driver["version"] == "1.2.3");
  CHECK(driver["informationUri"] == "https://github.com/npm-token-scan/npm-token-scan");
  // Both loaded rules, then the one only a finding names.
  REQUIRE(driver["rules"].size() == 3);
  CHECK(driver["rules"][0] == Json::parse(R"({
    "id": "npm-access-token",
    "name": "NpmAccessToken",
    "shortDescription": {"text": "npm access token."},
    "fullDescription": {"text": "An npm access token with a valid checksum."},
    "help": {
      "text": "npm access token.\n\nAn npm access token with a valid checksum.\n\nWhat to do: revoke it now.\n\nReferences:\n- https://docs.npmjs.com/trusted-publishers",
      "markdown": "**npm access token**\n\nAn npm access token with a valid checksum.\n\n**What to do:** revoke it now\n\n**References:**\n- <https://docs.npmjs.com/trusted-publishers>"
    },
    "helpUri": "https://github.com/npm-token-scan/npm-token-scan/blob/main/docs/rules.md#npm-access-token",
    "defaultConfiguration": {"level": "error"},
    "properties": {"security-severity": "9.0", "precision": "high", "tags": ["security", "npm", "secret"]}
  })"));
  CHECK(driver["rules"][1]["defaultConfiguration"]["level"] == "note");
  CHECK(driver["rules"][1]["properties"]["security-severity"] == "0.0");
  CHECK(driver["rules"][2]["id"] == "workflow-long-lived-token");
  CHECK(driver["rules"][2]["properties"] ==
        Json::parse(
            R"({"security-severity": "6.5", "precision": "medium", "tags": ["security", "npm"]})"));
}

TEST_CASE("sarif: results carry ruleIndex, location and fingerprint, never a snippet") {
  auto rules = report::test::sample_rules();
  auto doc = render(report::test::sample_report(), &rules);
  const auto& run = doc["runs"][0];
  const auto& results = run["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0] == Json::parse(R"({
    "ruleId": "npm-access-token",
    "ruleIndex": 0,
    "level": "error",
    "message": {"text": "npm access token committed. Value: npm_Ab…(redacted, 40 chars). Introduced in commit 89abcdef0123; deleted since, but still in the history. Fix: revoke it now."},
    "locations": [{"physicalLocation": {
      "artifactLocation": {"uri": "packages/cli/.npmrc", "uriBaseId": "%SRCROOT%"},
      "region": {"startLine": 1, "startColumn": 34}}}],
    "partialFingerprints": {"npmTokenScan/v1": "0123456789abcdef0123456789abcdef"},
    "properties": {"severity": "high", "confidence": "high",
                   "commit": "89abcdef0123456789abcdef0123456789abcdef", "still_present": false}
  })"));
  for (const auto& result : results) {
    CHECK(run["tool"]["driver"]["rules"][result["ruleIndex"].get<std::size_t>()]["id"] ==
          result["ruleId"]);
  }
  // The workflow finding sits at its evidence line.
  CHECK(results[2]["level"] == "warning");
  CHECK(results[2]["locations"][0]["physicalLocation"]["region"] ==
        Json::parse(R"({"startLine": 12, "startColumn": 9})"));
  CHECK(run["properties"]["workflows"][0]["jobs"][0]["auth"] == "token");
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
}

TEST_CASE("sarif: paths become relative URI references, whole-file findings have no region") {
  core::ScanReport report;
  core::Finding f;
  f.rule_id = "npm-access-token";
  f.severity = core::Severity::medium;
  f.message = "m.";
  f.location = {"dir with space/50%#?.npmrc", 0, 0};
  f.fingerprint = "fp";
  report.findings = {f};
  report.issues = {{core::ScanIssue::Kind::error, "locked.txt", 0, "cannot open"}};
  auto doc = render(report, nullptr);
  const auto& run = doc["runs"][0];
  CHECK(run["results"][0]["message"]["text"] == "m.");
  CHECK(run["results"][0]["locations"][0] ==
        Json::parse(R"({"physicalLocation": {"artifactLocation":
      {"uri": "dir%20with%20space/50%25%23%3F.npmrc", "uriBaseId": "%SRCROOT%"}}})"));
  // Without loaded rules the driver still describes the rule a result points at.
  CHECK(run["tool"]["driver"]["rules"].size() == 1);
  CHECK(run["results"][0]["ruleIndex"] == 0);
  CHECK(run["invocations"][0] ==
        Json::parse(R"({"executionSuccessful": false, "toolExecutionNotifications": [
      {"level": "error", "message": {"text": "cannot open."}, "locations": [{"physicalLocation":
        {"artifactLocation": {"uri": "locked.txt", "uriBaseId": "%SRCROOT%"}}}]}]})"));
}
