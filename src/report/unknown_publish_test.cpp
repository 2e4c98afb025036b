// A job that may publish where the scanner cannot see (publishes_npm
// "unknown") is shown in every format, never as a silent "does not publish".
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/report.hpp"
#include "report/test_report.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

namespace {

core::ScanReport with_unknown_job() {
  auto report = report::test::sample_report();
  core::JobReport job;
  job.id = "ship";
  job.line = 30;
  job.publishes_npm = core::Publishes::unknown;
  job.auth = core::Auth::token;
  job.unresolved = {{".github/workflows/release.yml", 33, "calls acme/x/y.yml@v1, not readable"}};
  job.publish_hints = {"job named 'ship-npm'"};
  report.workflows.back().jobs.push_back(job);
  return report;
}

std::string render(report::Format format, const core::ScanReport& scan) {
  auto rules = report::test::sample_rules();
  report::RenderOptions options;
  options.rules = &rules;
  std::ostringstream out;
  report::write_report(out, format, scan, options);
  return out.str();
}

}  // namespace

TEST_CASE("publishes_npm unknown: every format says where the evidence ran out") {
  auto scan = with_unknown_job();
  auto json = nlohmann::json::parse(render(report::Format::json, scan));
  const auto& job = json["workflows"].back()["jobs"].back();
  CHECK(job["publishes_npm"] == "unknown");
  CHECK(job["auth"] == "token");
  CHECK(job["unresolved"][0]["line"] == 33);
  CHECK(job["unresolved"][0]["reason"] == "calls acme/x/y.yml@v1, not readable");
  CHECK(job["publish_hints"][0] == "job named 'ship-npm'");
  CHECK(report::publishes_from_json(job["publishes_npm"]) == core::Publishes::unknown);
  CHECK(report::publishes_from_json(json["workflows"][0]["jobs"][0]["publishes_npm"]) ==
        core::Publishes::yes);

  auto sarif = nlohmann::json::parse(render(report::Format::sarif, scan));
  CHECK(sarif.dump().find("\"publishes_npm\":\"unknown\"") != std::string::npos);

  for (auto format : {report::Format::text, report::Format::markdown, report::Format::github,
                      report::Format::csv}) {
    auto out = render(format, scan);
    INFO(out);
    CHECK(out.find("calls acme/x/y.yml@v1, not readable") != std::string::npos);
    CHECK(out.find("may publish to npm") != std::string::npos);
  }
  CHECK(render(report::Format::csv, scan).find("possibly-publishing-job") != std::string::npos);
  CHECK(render(report::Format::github, scan).find("::warning file=.github/workflows/") !=
        std::string::npos);
}
