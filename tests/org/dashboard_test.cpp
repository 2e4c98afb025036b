// The HTML dashboard as a browser shows it: headless Chromium renders the
// file from disk (no server), and the numbers in the rendered DOM are checked.
// A screenshot is kept in the build folder (org-dashboard.png) for people.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "org/aggregate.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
namespace fs = std::filesystem;

namespace {

std::string find_chromium() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(candidate)) {
      return candidate;
    }
  }
  return {};
}

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

std::string text_of_id(const std::string& dom, const std::string& id) {
  auto start = dom.find("id=\"" + id + "\">");
  if (start == std::string::npos) {
    return "(missing)";
  }
  start = dom.find('>', start) + 1;
  return dom.substr(start, dom.find('<', start) - start);
}

}  // namespace

TEST_CASE("org dashboard: headless Chromium renders the migration numbers from file://") {
  std::string chromium = find_chromium();
  if (chromium.empty()) {
    WARN("chromium is not installed (Debian: apt-get install chromium, or make test); skipped");
    SUCCEED("skipped: no chromium");
    return;
  }
  test::TempDir dir;
  fs::path html = dir.path() / "dashboard.html";
  {
    std::ofstream out(html);
    org::write_org_html(out, sample_report());
  }
  // Beside the binary: the build folder, never the source tree ctest runs in.
  fs::path screenshot = fs::path(NTS_BINARY).parent_path() / "org-dashboard.png";
  std::string flags =
      " --headless --no-sandbox --disable-gpu --disable-background-networking"
      " --disable-component-update --no-first-run --disable-dev-shm-usage"
      " --user-data-dir=" +
      dir.str() + "/profile";
  std::string dom_file = dir.str() + "/dom.html";
  std::string dump = chromium + flags + " --dump-dom 'file://" + html.string() + "' > '" +
                     dom_file + "' 2>/dev/null";
  int rc = std::system(dump.c_str());
  REQUIRE(WEXITSTATUS(rc) == 0);
  std::string dom = test::read_file(dom_file);
  CHECK(text_of_id(dom, "repositories") == "4");
  CHECK(text_of_id(dom, "failed") == "1");
  CHECK(text_of_id(dom, "jobs-token") == "2");
  CHECK(text_of_id(dom, "jobs-hybrid") == "1");
  CHECK(text_of_id(dom, "jobs-oidc") == "1");
  CHECK(text_of_id(dom, "jobs-unknown") == "1");
  CHECK(text_of_id(dom, "leaks") == "1");
  CHECK(text_of_id(dom, "progress") == "25%");
  // The repository named with markup stayed text: no <b> element was created.
  CHECK(dom.find("<b>bold</b>") == std::string::npos);
  CHECK(dom.find("&lt;b&gt;bold&lt;/b&gt;") != std::string::npos);

  std::string shot = chromium + flags + " --window-size=1280,900 --screenshot='" +
                     screenshot.string() + "' 'file://" + html.string() + "' >/dev/null 2>&1";
  rc = std::system(shot.c_str());
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(fs::exists(screenshot));
}

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
