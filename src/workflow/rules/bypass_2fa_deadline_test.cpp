#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule bypass-2fa-deadline: revoke the token once trusted publishing works") {
  auto token = analyse_job(publish_workflow(k_hosted + k_token_env, k_node24));
  CHECK(token.has_finding("bypass-2fa-deadline"));
  auto revoke = token.advice_at("revoke the npm token");
  REQUIRE(revoke < token.job.advice.size());
  CHECK(token.advice_at("After the first trusted publish succeeds") < revoke);

  auto oidc = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(oidc.has_finding("bypass-2fa-deadline"));
  CHECK_FALSE(oidc.has_advice("revoke the npm token"));
}
