// The GitHub organisation listing against a loopback server that answers like
// api.github.com: two pages joined by a Link header, one rate-limited answer.
#include "org/github.hpp"

#include <sstream>

#include "tests/org/http_server.hpp"
#include "tests/support/catch.hpp"

using namespace nts;
using nts::test::LoopbackHttpServer;

namespace {

std::string repo_json(const std::string& name, bool archived, bool fork) {
  return "{\"full_name\":\"acme/" + name + "\",\"clone_url\":\"https://example.test/acme/" + name +
         ".git\",\"archived\":" + (archived ? "true" : "false") +
         ",\"fork\":" + (fork ? "true" : "false") + "}";
}

// Lists organisation "acme" from `server` with default options (and `max_pages`).
core::Result<org::OrgListing> list_acme(const LoopbackHttpServer& server, int max_pages = 1000) {
  org::GithubOptions options;
  options.api_url = server.url();
  options.org = "acme";
  options.max_pages = max_pages;
  std::ostringstream log;
  return org::list_org_repositories(options, log);
}

}  // namespace

TEST_CASE("github: every page, filters, a rate limit waited out, the token sent as a header") {
  int page2_calls = 0;
  std::string base;
  LoopbackHttpServer server([&](const LoopbackHttpServer::Request& request) {
    LoopbackHttpServer::Response response;
    if (request.target == "/api/v3/orgs/acme/repos?per_page=100&type=all") {
      response.headers.push_back("Link: <" + base +
                                 "/api/v3/organizations/1/repos?page=2>; rel=\"next\", <" + base +
                                 "/api/v3/organizations/1/repos?page=2>; rel=\"last\"");
      response.body =
          "[" + repo_json("widgets", false, false) + "," + repo_json("old", true, false) + "]";
    } else if (request.target == "/api/v3/organizations/1/repos?page=2") {
      if (++page2_calls == 1) {
        response.status = 403;
        response.headers = {"x-ratelimit-remaining: 0", "x-ratelimit-reset: 1", "retry-after: 7"};
        response.body = R"({"message":"API rate limit exceeded"})";
      } else {
        response.body =
            "[" + repo_json("forked", false, true) + "," + repo_json("gadgets", false, false) + "]";
      }
    } else {
      response.status = 404;
      response.body = R"({"message":"Not Found"})";
    }
    return response;
  });
  base = server.url();

  org::GithubOptions options;
  options.api_url = server.url() + "/api/v3/";
  options.org = "acme";
  options.token = "test-token-value";
  std::vector<long> waits;
  options.sleep = [&](long seconds) { waits.push_back(seconds); };
  std::ostringstream log;
  auto listed = org::list_org_repositories(options, log);
  REQUIRE(listed.ok());
  CHECK(listed->repositories == std::vector<std::string>{"https://example.test/acme/gadgets.git",
                                                         "https://example.test/acme/widgets.git"});
  CHECK(listed->refused.empty());
  CHECK(waits == std::vector<long>{7});
  CHECK(log.str().find("rate limit reached (HTTP 403); waiting 7 s") != std::string::npos);
  CHECK(log.str().find("test-token-value") == std::string::npos);
  auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  for (const auto& request : requests) {
    CHECK(request.headers.at("authorization") == "Bearer test-token-value");
  }

  SECTION("archived repositories and forks on request") {
    options.include_archived = true;
    options.include_forks = true;
    auto all = org::list_org_repositories(options, log);
    REQUIRE(all.ok());
    CHECK(all->repositories.size() == 4);
  }
  SECTION("a wait longer than --max-wait fails with advice instead of hanging") {
    page2_calls = 0;
    options.max_wait_seconds = 5;
    auto failed = org::list_org_repositories(options, log);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message.find("more than --max-wait 5 s") != std::string::npos);
    CHECK(failed.error().hint.find("GH_TOKEN") != std::string::npos);
  }
  SECTION("an unknown organisation names it and says what to check") {
    options.org = "nobody";
    auto failed = org::list_org_repositories(options, log);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message.find("HTTP 404: Not Found for organisation 'nobody'") !=
          std::string::npos);
  }
}

TEST_CASE("github: a next link to another server is refused (the token would follow it)") {
  LoopbackHttpServer server([](const LoopbackHttpServer::Request&) {
    LoopbackHttpServer::Response response;
    response.headers.push_back("Link: <http://evil.test/steal?page=2>; rel=\"next\"");
    response.body = "[]";
    return response;
  });
  org::GithubOptions options;
  options.api_url = server.url();
  options.org = "acme";
  std::ostringstream log;
  auto listed = org::list_org_repositories(options, log);
  REQUIRE_FALSE(listed.ok());
  CHECK(listed.error().message.find("outside --api-url") != std::string::npos);
}

TEST_CASE("github: Link header parsing") {
  CHECK(org::next_link(R"(<https://a/x?page=2>; rel="next", <https://a/x?page=9>; rel="last")") ==
        std::optional<std::string>("https://a/x?page=2"));
  CHECK(org::next_link(R"(<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel="next")") ==
        std::optional<std::string>("https://a/x?page=3"));
  CHECK_FALSE(org::next_link(R"(<https://a/x?page=1>; rel="prev")").has_value());
  CHECK_FALSE(org::next_link("").has_value());
}

TEST_CASE("github: pagination that loops back is refused instead of running forever") {
  // page 1 -> page 2 -> page 1 ... ; after many requests the server stops the
  // loop itself, so an unguarded client ends (with duplicates) instead of hanging.
  int requests = 0;
  std::string base;
  LoopbackHttpServer server([&](const LoopbackHttpServer::Request& request) {
    LoopbackHttpServer::Response response;
    bool second = request.target.find("page=2") != std::string::npos;
    if (++requests < 40) {
      response.headers.push_back(
          "Link: <" + base + "/orgs/acme/repos?page=" + (second ? "1" : "2") + ">; rel=\"next\"");
    }
    response.body = "[" + repo_json(second ? "two" : "one", false, false) + "]";
    return response;
  });
  base = server.url();
  auto listed = list_acme(server);
  REQUIRE_FALSE(listed.ok());
  CHECK(listed.error().message == "GitHub API pagination loops back to a page already read");
  CHECK(requests == 3);
}

TEST_CASE("github: pages are capped") {
  std::string base;
  LoopbackHttpServer server([&](const LoopbackHttpServer::Request& request) {
    LoopbackHttpServer::Response response;
    auto at = request.target.find("page=");
    int page = at == std::string::npos ? 1 : std::stoi(request.target.substr(at + 5));
    response.headers.push_back(
        "Link: <" + base + "/orgs/acme/repos?page=" + std::to_string(page + 1) + ">; rel=\"next\"");
    response.body = "[]";
    return response;
  });
  base = server.url();
  auto listed = list_acme(server, 5);
  REQUIRE_FALSE(listed.ok());
  CHECK(listed.error().message == "the GitHub API listing has more than 5 pages");
  CHECK(server.requests().size() == 5);
}

TEST_CASE("github: clone URLs that are not https are refused, each with the reason") {
  LoopbackHttpServer server([](const LoopbackHttpServer::Request&) {
    LoopbackHttpServer::Response response;
    response.body = R"([{"full_name":"acme/a","clone_url":"https://example.test/acme/a.git"},
      {"full_name":"acme/b","clone_url":"file:///srv/git/b.git"},
      {"full_name":"acme/c","clone_url":"/srv/git/c"},
      {"full_name":"acme/d","clone_url":"http://example.test/acme/d.git"},
      {"full_name":"acme/e","clone_url":"ssh://git@example.test/acme/e.git"}])";
    return response;
  });
  auto listed = list_acme(server);
  REQUIRE(listed.ok());
  CHECK(listed->repositories == std::vector<std::string>{"https://example.test/acme/a.git"});
  std::vector<std::string> refused;
  for (const auto& result : listed->refused) {
    refused.push_back(result.repository);
    CHECK_FALSE(result.ok);
    CHECK(result.error.find("not https://") != std::string::npos);
  }
  CHECK(refused == std::vector<std::string>{"file:///srv/git/b.git", "/srv/git/c",
                                            "http://example.test/acme/d.git",
                                            "ssh://example.test/acme/e.git"});  // no userinfo
}

TEST_CASE("github: the server's error message is escaped before it reaches stderr") {
  LoopbackHttpServer server([](const LoopbackHttpServer::Request&) {
    LoopbackHttpServer::Response response;
    response.status = 500;
    response.body = R"({"message":"boom\n::error::forged\u001b[2J"})";
    return response;
  });
  auto listed = list_acme(server);
  REQUIRE_FALSE(listed.ok());
  const auto& message = listed.error().message;
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.find('\x1b') == std::string::npos);
  CHECK(message.find("boom\\n::error::forged\\x1b[2J") != std::string::npos);
}

TEST_CASE("github: the token scope of a listing") {
  auto github = org::listing_token_scope("https://api.github.com");
  CHECK(github.allows("https://github.com/acme/x.git"));
  CHECK(github.allows("https://api.github.com/orgs/acme/repos"));
  CHECK_FALSE(github.allows("http://github.com/acme/x.git"));
  CHECK_FALSE(github.allows("https://evil.test/acme/x.git"));
  CHECK_FALSE(github.allows("https://github.com.evil.test/x.git"));
  auto enterprise = org::listing_token_scope("https://ghe.example.test/api/v3/");
  CHECK(enterprise.allows("https://ghe.example.test/acme/x.git"));
  CHECK_FALSE(enterprise.allows("https://github.com/acme/x.git"));
  auto loopback = org::listing_token_scope("http://127.0.0.1:8080");
  CHECK(loopback.allows("http://127.0.0.1:8080/acme/x.git"));
  CHECK_FALSE(loopback.allows("http://127.0.0.1:8081/acme/x.git"));
  CHECK_FALSE(loopback.allows("http://localhost:8080/acme/x.git"));
}
