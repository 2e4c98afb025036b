#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule publish_unseen: say where the evidence ran out") {
  auto unseen = analyse_job("on: push\njobs:\n  publish-npm:\n" + k_hosted + k_oidc +
                            "    environment: npm\n"
                            "    steps:\n      - uses: acme/internal-release-action@v2\n");
  REQUIRE(unseen.job.publishes_npm == core::Publishes::unknown);
  CHECK(unseen.job.trusted_publishing == core::Readiness::not_applicable);
  CHECK(unseen.advice_at("The scanner cannot see whether job 'publish-npm' publishes to npm") == 0);
  CHECK(unseen.has_advice("acme/internal-release-action"));
  CHECK_FALSE(unseen.has_advice("If it publishes"));  // it holds no token

  auto seen = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(seen.has_advice("cannot see whether"));
}
