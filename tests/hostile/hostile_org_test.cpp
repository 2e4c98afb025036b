// Hostile input to `org` and `merge` (issue 15): repository names, folder
// names, URLs and shard files are controlled by someone else. Each case
// plants one and checks that the batch says what it could not scan, escapes
// what it prints, and never prints or stores a credential.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "detect/npm_token.hpp"
#include "org/aggregate.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/org/http_server.hpp"
#include "tests/org/org_report_helpers.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

using namespace nts;
using nts::test::LoopbackHttpServer;
using nts::test::RepoBuilder;
namespace fs = std::filesystem;

namespace {

// No raw control character and no line a runner would read as a workflow command.
void expect_escaped_stderr(const std::string& err) {
  CHECK(err.find('\x1b') == std::string::npos);
  CHECK(err.find('\x07') == std::string::npos);
  CHECK(err.find('\r') == std::string::npos);
  CHECK(err.find("\n::") == std::string::npos);
  CHECK(err.rfind("::", 0) != 0);
}

}  // namespace

TEST_CASE("hostile org: credentials in a --repos URL are never shown or stored") {
  std::random_device random;
  const std::string secret = "fake-url-secret-" + std::to_string(random());
  // Asks for credentials, then answers 404: the clone fails after using them.
  LoopbackHttpServer server([](const LoopbackHttpServer::Request& request) {
    LoopbackHttpServer::Response response;
    response.status = request.headers.count("authorization") > 0 ? 404 : 401;
    response.headers.push_back("WWW-Authenticate: Basic realm=\"git\"");
    return response;
  });
  std::string url = server.url();
  std::string with_userinfo = "http://deploy:" + secret + "@" + url.substr(7) + "/acme/x.git";
  test::TempDir work;
  auto list = work.write("repos.txt", with_userinfo + "\n");
  std::vector<std::string> args = {
      "org",   "--repos",          list.string(), "--cache", work.str() + "/cache",
      "--out", work.str() + "/out"};
  for (const char* format : {"json", "html", "markdown", "csv"}) {
    INFO(format);
    auto with_format = args;
    with_format.insert(with_format.end(), {"--format", format, "--fail-on", "never"});
    auto result = test::run_cli(with_format);
    INFO(result.err);
    CHECK(result.exit_code == 3);
    CHECK(result.out.find(secret) == std::string::npos);
    CHECK(result.err.find(secret) == std::string::npos);
    CHECK(result.out.find(url + "/acme/x.git") != std::string::npos);
  }
  // Neither the results file nor a mirror folder's name or config holds it.
  CHECK_FALSE(test::tree_contains(work.path() / "out", secret));
  if (fs::exists(work.path() / "cache")) {
    CHECK_FALSE(test::tree_contains(work.path() / "cache", secret));
  }
  // The transfer itself used it: the server was asked with the credential.
  bool sent = false;
  for (const auto& request : server.requests()) {
    sent = sent || request.headers.count("authorization") > 0;
  }
  CHECK(sent);
}

TEST_CASE("hostile org: --dir lists a corrupt repository and one outside DIR as errors") {
  RepoBuilder healthy;
  healthy.write("README.md", "fine\n");
  healthy.commit("fine", "2024-01-01");
  RepoBuilder outside;  // a repository elsewhere on the machine
  outside.write(".npmrc", "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(161) + "\n");
  outside.commit("elsewhere", "2024-01-01");
  RepoBuilder corrupt;
  corrupt.write("README.md", "broken\n");
  corrupt.commit("broken", "2024-01-01");

  test::TempDir root;
  fs::copy(healthy.path(), root.path() / "healthy", fs::copy_options::recursive);
  fs::copy(corrupt.path(), root.path() / "corrupt", fs::copy_options::recursive);
  root.write("corrupt/.git/HEAD", "garbage\n");
  // A folder name that is itself an attack on the log: newline, "::", ESC.
  const std::string evil = "x\n::error::forged\x1b[2J";
  fs::copy(corrupt.path(), root.path() / evil, fs::copy_options::recursive);
  root.write(evil + "/.git/HEAD", "garbage\n");
  root.write("escape/.git", "gitdir: " + outside.gitdir() + "\n");
  // A repository inside DIR that borrows its objects from one outside.
  fs::copy(healthy.path(), root.path() / "borrower", fs::copy_options::recursive);
  root.write("borrower/.git/objects/info/alternates", outside.gitdir() + "/objects\n");

  auto result = test::run_cli({"org", "--dir", root.str(), "--fail-on", "never"});
  INFO(result.err);
  CHECK(result.exit_code == 3);
  auto report = nlohmann::json::parse(result.out);
  CHECK(report["summary"]["repositories"] == 5);
  CHECK(report["summary"]["failed"] == 4);
  CHECK(report["summary"]["leaks"] == 0);  // nothing was read from outside DIR
  CHECK(test::org_entry(report, (root.path() / "healthy").string())["status"] == "ok");
  const auto& corrupt_entry = test::org_entry(report, (root.path() / "corrupt").string());
  CHECK(corrupt_entry["status"] == "error");
  CHECK_FALSE(corrupt_entry["error"].get<std::string>().empty());
  const auto& escaped = test::org_entry(report, (root.path() / "escape").string());
  CHECK(escaped["status"] == "error");
  CHECK(escaped["error"].get<std::string>().find("outside the --dir folder") != std::string::npos);
  CHECK(test::org_entry(report, (root.path() / evil).string())["status"] == "error");
  const auto& borrower = test::org_entry(report, (root.path() / "borrower").string());
  CHECK(borrower["status"] == "error");
  CHECK(borrower["error"].get<std::string>().find("objects/info/alternates") != std::string::npos);
  expect_escaped_stderr(result.err);
  CHECK(result.err.find("x\\n::error::forged\\x1b[2J") != std::string::npos);
}

TEST_CASE("hostile org: a leak-rule ignore by extension does not hide the leak") {
  RepoBuilder repo;
  repo.write(".npmrc", "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(162) + "\n");
  repo.write(".npm-token-scan.yaml",
             "ignore:\n  - paths: ['*.*', '*a*', '*e*', '**/.npmrc']\n    reason: noise\n");
  repo.commit("hide", "2024-01-01");
  test::TempDir work;
  auto list = work.write("repos.txt", repo.path() + "\n");
  auto result = test::run_cli({"org", "--repos", list.string(), "--fail-on", "never"});
  INFO(result.err);
  auto report = nlohmann::json::parse(result.out);
  CHECK(report["summary"]["leaks"] == 1);
  const auto& entry = test::org_entry(report, repo.path());
  CHECK(entry["suppressed"]["findings"] == 0);
  bool named = false;
  for (const auto& error : entry["errors"]) {
    named = named || error["message"].get<std::string>().find(":2:13: '*.*' names no directory") !=
                         std::string::npos;
  }
  CHECK(named);

  auto scan = test::run_cli({"scan", "."}, repo.path());
  CHECK(scan.exit_code == 2);
  CHECK(scan.err.find(".npm-token-scan.yaml:2:13: '*.*' names no directory") != std::string::npos);
}

TEST_CASE("hostile org: merge names the shard file and field of a wrongly typed value") {
  test::TempDir dir;
  nlohmann::json entry = {{"repository", "https://example.test/acme/x.git"},
                          {"status", "ok"},
                          {"error", nullptr},
                          {"head", "0123456789abcdef0123456789abcdef01234567"},
                          {"findings",
                           {{{"rule", "npm-access-token"},
                             {"severity", 5},
                             {"path", ".npmrc"},
                             {"line", 1},
                             {"secret", "npm_…(redacted)"}}}},
                          {"workflows", nlohmann::json::array()},
                          {"errors", nlohmann::json::array()}};
  nlohmann::json shard = {{"version", 1}, {"repositories", {entry}}};
  auto file = dir.write("shard-1.json", shard.dump());
  auto result = test::run_cli({"merge", file.string()});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("internal error") == std::string::npos);
  CHECK(result.err.find(file.string() + ": malformed repository entry /repositories/0: "
                                        "\"/findings/0/severity\" must be a string, not number") !=
        std::string::npos);

  shard["repositories"][0]["findings"][0]["severity"] = "high";
  shard["repositories"][0]["workflows"] = {{{"path", "w.yml"}, {"jobs", {{{"auth", 7}}}}}};
  dir.write("shard-1.json", shard.dump());
  result = test::run_cli({"merge", file.string()});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("\"/workflows/0/jobs/0/auth\" must be a string, not number") !=
        std::string::npos);
}

TEST_CASE("hostile org: repository text in the dashboard and the job tables stays text") {
  // Names, paths, job ids, blockers and advice built to break out of element
  // content, a quoted attribute, a <script> block, a Markdown table and a CSV cell.
  const std::string hostile = "x\"'><img src=x onerror=alert(1)></script><script>alert(2)</script>";
  nlohmann::ordered_json job = {
      {"id", "job" + hostile},
      {"publishes_npm", true},
      {"auth", "token"},
      {"trusted_publishing", "blocked"},
      {"blockers", {"self-hosted runner (" + hostile + ")", hostile + " | =cmd"}},
      {"advice", {"Step `" + hostile + "` then " + hostile}},
      {"packages", {"@a/" + hostile, "b"}},
      {"trusted_publisher",
       {{"command", "npm trust github <pkg> --file r.yml --repo o/r --allow-publish"}}}};
  org::RepoResult result;
  result.repository = "/srv/" + hostile;
  result.name = "owner/" + hostile;
  result.scanned_at = "2026-12-02T10:00:00Z" + hostile;
  result.ok = true;
  result.workflows = {{{"path", ".github/workflows/" + hostile + ".yml"}, {"jobs", {job}}}};
  auto report = org::org_report({result}, "0.0.0" + hostile);

  std::ostringstream html_out;
  org::write_org_html(html_out, report);
  const std::string html = html_out.str();
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("alert(2)</script>") == std::string::npos);
  CHECK(html.find("x&quot;&#39;&gt;&lt;img") != std::string::npos);
  // Exactly one script element, the dashboard's own, whose hash the CSP names:
  // nothing from the repository reached a script context.
  auto open = html.find("<script>");
  REQUIRE(open != std::string::npos);
  CHECK(html.find("<script", open + 1) == std::string::npos);
  auto body = html.substr(open + 8, html.find("</script>", open) - open - 8);
  CHECK(body.find("alert") == std::string::npos);
  auto digest = util::sha256(body);
  std::string hash =
      util::encode_base64(std::string_view(reinterpret_cast<const char*>(digest.data()), 32));
  CHECK(html.find("script-src 'sha256-" + hash + "'") != std::string::npos);
  CHECK(html.find("'unsafe-inline'; base-uri") == std::string::npos);  // no inline script allowed
  // Every attribute value stays inside its quotes: data-q holds the escaped kind.
  CHECK(html.find("data-q=\"x&quot;&#39;&gt;") != std::string::npos);

  std::ostringstream markdown;
  org::write_org_jobs_markdown(markdown, report);
  // Outside code spans (which GitHub shows literally) no markup survives.
  std::string prose;
  bool in_code = false;
  for (char c : markdown.str()) {
    in_code = c == '`' ? !in_code : in_code;
    if (!in_code && c != '`') {
      prose += c;
    }
  }
  INFO(markdown.str());
  // Apart from the <details> the writer adds, every '<' outside a code span is
  // backslash-escaped: GitHub shows it as text.
  for (const char* tag : {"<details>", "</details>", "<summary>", "</summary>"}) {
    for (auto at = prose.find(tag); at != std::string::npos; at = prose.find(tag)) {
      prose.erase(at, std::string_view(tag).size());
    }
  }
  for (std::size_t at = prose.find('<'); at != std::string::npos; at = prose.find('<', at + 1)) {
    CHECK((at > 0 && prose[at - 1] == '\\'));
  }
  CHECK(prose.find("\\<img") != std::string::npos);
  std::ostringstream csv;
  org::write_org_jobs_csv(csv, report);
  CHECK(csv.str().find(",=cmd") == std::string::npos);
  // The package name in a command is shell-quoted: pasting it runs nothing.
  CHECK(csv.str().find("npm trust github '@a/x\"\"'\\''><img") != std::string::npos);
}
