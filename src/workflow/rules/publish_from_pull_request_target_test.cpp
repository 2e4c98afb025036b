#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule publish-from-pull-request-target: secrets for untrusted pull requests") {
  auto target = analyse_job(
      publish_workflow(k_hosted + k_oidc, k_node24, "npm publish", "on: pull_request_target\n"));
  CHECK(target.has_finding("publish-from-pull-request-target"));
  CHECK(target.has_blocker("triggered by pull_request_target"));
  CHECK(target.has_advice("Do not publish from a pull_request_target workflow"));

  auto push = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(push.has_finding("publish-from-pull-request-target"));
  CHECK_FALSE(push.has_blocker("pull_request_target"));
}
