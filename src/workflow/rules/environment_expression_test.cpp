#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule environment_expression: a publisher names one environment") {
  auto computed = analyse_job(
      publish_workflow(k_hosted + k_oidc + "    environment: ${{ github.ref_name }}\n", k_node24));
  CHECK(computed.has_blocker("environment name is an expression"));
  CHECK(computed.job.trusted_publishing == core::Readiness::needs_changes);

  auto named =
      analyse_job(publish_workflow(k_hosted + k_oidc + "    environment: npm\n", k_node24));
  CHECK_FALSE(named.has_blocker("environment name"));
  CHECK(named.job.trusted_publishing == core::Readiness::ready);
}
