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
  CHECK(*listed == std::vector<std::string>{"https://example.test/acme/gadgets.git",
                                            "https://example.test/acme/widgets.git"});
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
    CHECK(all->size() == 4);
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
