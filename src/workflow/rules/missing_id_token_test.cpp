#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule missing_id_token: no ID token, no trusted publishing") {
  auto bare = analyse_job(publish_workflow(k_hosted, k_node24));
  CHECK(bare.job.auth == core::Auth::oidc);  // no token: OIDC is the only way in
  CHECK(bare.has_blocker("no id-token: write"));
  auto eneedauth = bare.advice_at("fails with ENEEDAUTH");
  auto permission = bare.advice_at(
      "Add `permissions: id-token: write` (with `contents: read`) "
      "to job 'publish'");
  REQUIRE(permission < bare.job.advice.size());
  CHECK(eneedauth < permission);

  auto token = analyse_job(publish_workflow(k_hosted + k_token_env, k_node24));
  CHECK(token.has_blocker("no id-token: write"));
  CHECK_FALSE(token.has_advice("ENEEDAUTH"));  // the token is what publishes

  auto oidc = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(oidc.has_blocker("id-token"));
  CHECK_FALSE(oidc.has_advice("Add `permissions: id-token: write`"));
}
