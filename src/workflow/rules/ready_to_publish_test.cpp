#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule ready_to_publish: nothing left to change but npmjs.com") {
  auto ready = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK(ready.job.trusted_publishing == core::Readiness::ready);
  CHECK(ready.advice_at("Ready: ") + 1 == ready.job.advice.size());  // the last word

  auto not_ready = analyse_job(publish_workflow(k_hosted, k_node24));
  CHECK_FALSE(not_ready.has_advice("Ready: "));
}
