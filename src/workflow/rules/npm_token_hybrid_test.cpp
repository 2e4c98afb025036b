#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule npm-token-hybrid: OIDC with a token npm falls back to") {
  auto hybrid = analyse_job(publish_workflow(k_hosted + k_oidc + k_token_env, k_node24));
  CHECK(hybrid.job.auth == core::Auth::hybrid);
  CHECK(hybrid.has_finding("npm-token-hybrid"));
  CHECK(
      hybrid.has_advice("npm tries OIDC first but silently falls back to the token: remove "
                        "NODE_AUTH_TOKEN"));
  CHECK_FALSE(hybrid.has_advice("After the first trusted publish succeeds"));

  auto token = analyse_job(publish_workflow(k_hosted + k_token_env, k_node24));
  CHECK_FALSE(token.has_finding("npm-token-hybrid"));
  CHECK_FALSE(token.has_advice("npm tries OIDC first"));
}
