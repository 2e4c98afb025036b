#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule tp-reusable-workflow: npm checks the calling workflow") {
  auto callee = analyse_job(
      publish_workflow(k_hosted + k_oidc, k_node24, "npm publish", "on: workflow_call\n"));
  CHECK(callee.has_finding("tp-reusable-workflow"));
  auto reusable = callee.advice_at("This is a reusable workflow (on: workflow_call)");
  REQUIRE(reusable < callee.job.advice.size());
  CHECK(reusable < callee.advice_at("On npmjs.com, open each package's Settings"));

  auto plain = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(plain.has_finding("tp-reusable-workflow"));
  CHECK_FALSE(plain.has_advice("reusable workflow"));
}
