#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule npm-token-publish: a token publishes without OIDC") {
  auto token = analyse_job(publish_workflow(k_hosted + k_token_env, k_node24));
  CHECK(token.job.auth == core::Auth::token);
  CHECK(token.has_finding("npm-token-publish"));
  CHECK(token.has_blocker("long-lived token still wired (NODE_AUTH_TOKEN)"));
  CHECK(token.has_advice("After the first trusted publish succeeds, remove NODE_AUTH_TOKEN"));
  CHECK(token.has_advice("fed from secrets.NPM_TOKEN"));

  auto oidc = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(oidc.has_finding("npm-token-publish"));
  CHECK_FALSE(oidc.has_blocker("long-lived token"));
}

TEST_CASE("rule npm-token-publish: a token handed to a publish the scanner cannot see") {
  auto unseen = analyse_job("on: push\njobs:\n  publish-npm:\n" + k_hosted + k_token_env +
                            "    steps:\n      - uses: acme/internal-release-action@v2\n");
  REQUIRE(unseen.job.publishes_npm == core::Publishes::unknown);
  CHECK(unseen.job.auth == core::Auth::token);
  CHECK(unseen.has_finding("npm-token-publish"));
  CHECK(unseen.has_advice("If it publishes, it can do so with the npm token it is handed"));
}
