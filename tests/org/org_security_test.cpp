// Issue 15 (hardening round 2), org mode: where GH_TOKEN may go (item 9), what
// a GitHub listing may make the tool clone (item 20), what a stored result is
// reused for (item 17), and suppressed counts in every format (item 8). The
// real binary against loopback HTTP servers; tokens are made at run time.
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "detect/npm_token.hpp"
#include "tests/org/http_server.hpp"
#include "tests/org/org_report_helpers.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"
#include "util/text.hpp"

using namespace nts;
using nts::test::LoopbackHttpServer;
using nts::test::RepoBuilder;
namespace fs = std::filesystem;

namespace {

// Not token-shaped: only unique, so finding it anywhere means it leaked.
std::string fake_gh_token() {
  std::random_device random;
  return "fake-gh-token-" + std::to_string(::getpid()) + "-" + std::to_string(random());
}

// The credential a request carried (Basic user:password decoded), or "".
std::string credential_of(const LoopbackHttpServer::Request& request) {
  auto it = request.headers.find("authorization");
  if (it == request.headers.end()) {
    return {};
  }
  std::string value = it->second;
  if (value.rfind("Basic ", 0) == 0) {
    return util::decode_base64(value.substr(6)).value_or(value);
  }
  return value;
}

bool any_request_carries(const LoopbackHttpServer& server, const std::string& token) {
  for (const auto& request : server.requests()) {
    if (credential_of(request).find(token) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Answers every git request with 401 (asking for credentials), as a host that
// wants the token would.
LoopbackHttpServer::Response ask_for_credentials() {
  LoopbackHttpServer::Response response;
  response.status = 401;
  response.headers.push_back("WWW-Authenticate: Basic realm=\"git\"");
  response.body = "{}";
  return response;
}

std::string listing_entry(const std::string& name, const std::string& clone_url) {
  return nlohmann::json{{"full_name", "acme/" + name}, {"clone_url", clone_url}}.dump();
}

}  // namespace

TEST_CASE("org security: GH_TOKEN goes only to the API's host, never where a listing points") {
  const std::string token = fake_gh_token();
  LoopbackHttpServer other(
      [](const LoopbackHttpServer::Request&) { return ask_for_credentials(); });
  RepoBuilder local;  // a repository on this machine a hostile listing points at
  local.write("README.md", "local\n");
  local.commit("local", "2024-01-01");
  std::string api;
  LoopbackHttpServer server([&](const LoopbackHttpServer::Request& request) {
    if (request.target.rfind("/orgs/acme/repos", 0) == 0) {
      LoopbackHttpServer::Response listing;
      listing.body =
          "[" + listing_entry("same", api + "/acme/same.git") + "," +
          listing_entry("other", other.url() + "/acme/other.git") + "," +
          listing_entry("renamed-host", "http://localhost:" + api.substr(api.rfind(':') + 1) +
                                            "/acme/renamed.git") +
          "," + listing_entry("file", "file://" + local.path()) + "," +
          listing_entry("path", local.path()) + "]";
      return listing;
    }
    return ask_for_credentials();
  });
  api = server.url();
  test::TempDir work;
  auto result = test::run_cli({"org", "--github-org", "acme", "--api-url", api, "--cache",
                               work.str() + "/cache", "--fail-on", "never"},
                              ".", {"GH_TOKEN=" + token});
  INFO(result.err);
  CHECK(result.exit_code == 3);
  // Asked by the API's own host (over loopback http, as https would be): sent.
  CHECK(any_request_carries(server, token));
  // Asked by another port, or the same port under another name: never sent.
  CHECK_FALSE(any_request_carries(other, token));
  REQUIRE_FALSE(other.requests().empty());  // it was asked, and refused the clone
  for (const auto& request : server.requests()) {
    if (request.target.find("/acme/renamed.git") != std::string::npos) {
      CHECK(credential_of(request).empty());
    }
  }
  // A local path or file:// URL from a listing is never cloned or scanned in place.
  auto report = nlohmann::json::parse(result.out);
  CHECK(report["summary"]["repositories"] == 5);
  for (const auto& refused : {"file://" + local.path(), local.path()}) {
    const auto& entry = test::org_entry(report, refused);
    CHECK(entry["status"] == "error");
    CHECK(entry["head"].is_null());
    CHECK(entry["error"].get<std::string>().find("not https://") != std::string::npos);
  }
  CHECK(result.out.find(token) == std::string::npos);
  CHECK(result.err.find(token) == std::string::npos);
}

TEST_CASE("org security: a --repos URL gets GH_TOKEN only with --token-host") {
  const std::string token = fake_gh_token();
  LoopbackHttpServer server(
      [](const LoopbackHttpServer::Request&) { return ask_for_credentials(); });
  test::TempDir work;
  auto list = work.write("repos.txt", server.url() + "/acme/widgets.git\n");
  std::vector<std::string> args = {
      "org", "--repos", list.string(), "--cache", work.str() + "/cache", "--fail-on", "never"};
  auto without = test::run_cli(args, ".", {"GH_TOKEN=" + token});
  INFO(without.err);
  CHECK(without.exit_code == 3);
  REQUIRE_FALSE(server.requests().empty());
  CHECK_FALSE(any_request_carries(server, token));

  auto port = server.url().substr(server.url().rfind(':') + 1);
  args.insert(args.end(), {"--token-host", "127.0.0.1:" + port});
  auto with = test::run_cli(args, ".", {"GH_TOKEN=" + token});
  INFO(with.err);
  CHECK(any_request_carries(server, token));
  CHECK(with.err.find("was refused") != std::string::npos);
  CHECK(with.err.find(token) == std::string::npos);
}

TEST_CASE("org security: GH_TOKEN is never sent to a plain-http API") {
  auto result = test::run_cli({"org", "--github-org", "acme", "--api-url",
                               "http://api.example.invalid/api/v3", "--fail-on", "never"},
                              ".", {"GH_TOKEN=" + fake_gh_token()});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--api-url is not https: GH_TOKEN would travel unencrypted") !=
        std::string::npos);
}

TEST_CASE("org security: a stored result is reused only under the same rules and options") {
  RepoBuilder repo;
  repo.write("README.md", "widgets\n");
  repo.commit("start", "2024-01-01");
  test::TempDir work;
  auto list = work.write("repos.txt", repo.path() + "\n");
  // An override of one builtin rule: a changed rule set must rescan.
  std::string rule =
      test::read_file(fs::path(NTS_SOURCE_DIR) / "rules" / "npm-token-placeholder.yaml");
  auto title = rule.find("title:");
  REQUIRE(title != std::string::npos);
  rule.insert(title + 6, " (overridden)");
  work.write("rules/npm-token-placeholder.yaml", rule);
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {
        "org", "--repos", list.string(), "--out", work.str() + "/out", "--fail-on", "never"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = test::run_cli(args);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    return result.err;
  };
  const std::string reused = repo.path() + ": unchanged, stored result reused";
  const std::string scanned = repo.path() + ": ok";
  CHECK(run({}).find(scanned) != std::string::npos);
  CHECK(run({}).find(reused) != std::string::npos);
  CHECK(run({"--rules", work.str() + "/rules"}).find(scanned) != std::string::npos);
  CHECK(run({"--rules", work.str() + "/rules"}).find(reused) != std::string::npos);
  CHECK(run({}).find(scanned) != std::string::npos);
  // A line an older version wrote (no key) is never reused.
  for (const auto& entry : fs::directory_iterator(work.path() / "out")) {
    auto text = test::read_file(entry.path());
    std::string stripped;
    for (std::size_t at = 0; at < text.size();) {
      auto end = text.find('\n', at);
      auto line = nlohmann::ordered_json::parse(text.substr(at, end - at));
      line.erase("key");
      stripped += line.dump() + "\n";
      at = end + 1;
    }
    work.write(fs::relative(entry.path(), work.path()).string(), stripped);
  }
  CHECK(run({}).find(scanned) != std::string::npos);
}

TEST_CASE("org security: findings a repository config leaves out are counted in every format") {
  RepoBuilder repo;
  repo.write("test/fixtures/.npmrc",
             "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(151) + "\n");
  repo.write(".npmrc", "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(152) + "\n");
  repo.write(".npm-token-scan.yaml",
             "ignore:\n  - paths: ['test/fixtures/**']\n    reason: generated fixtures\n");
  repo.commit("fixtures", "2024-01-01");
  test::TempDir work;
  auto list = work.write("repos.txt", repo.path() + "\n");
  auto render = [&](const std::string& format) {
    auto result =
        test::run_cli({"org", "--repos", list.string(), "--format", format, "--fail-on", "never"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    return result.out;
  };
  auto report = nlohmann::json::parse(render("json"));
  const auto& entry = test::org_entry(report, repo.path());
  CHECK(entry["findings"].size() == 1);
  CHECK(entry["suppressed"] == nlohmann::json{{"findings", 1}, {"leaks", 1}});
  CHECK(report["summary"]["leaks"] == 1);
  CHECK(report["summary"]["suppressed"] == nlohmann::json{{"findings", 1}, {"leaks", 1}});
  auto csv = render("csv");
  CHECK(csv.find(",suppressed_findings,suppressed_leaks\r\n") != std::string::npos);
  CHECK(csv.find(",1,1\r\n") != std::string::npos);
  auto markdown = render("markdown");
  CHECK(markdown.find("- Left out by repository configs: 1 findings, of which 1 leaks") !=
        std::string::npos);
  CHECK(markdown.find(" | 1 (1) |\n") != std::string::npos);
  auto html = render("html");
  CHECK(html.find("<b id=\"suppressed-leaks\">1</b>") != std::string::npos);
  CHECK(html.find("<th class=\"n\">Suppressed leaks</th>") != std::string::npos);
}
