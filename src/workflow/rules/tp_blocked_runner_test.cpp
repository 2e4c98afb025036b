#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule tp-blocked-runner: only GitHub-hosted runners get OIDC") {
  auto self_hosted = analyse_job(publish_workflow("    runs-on: self-hosted\n" + k_oidc, k_node24));
  CHECK(self_hosted.has_finding("tp-blocked-runner"));
  CHECK(self_hosted.has_blocker("self-hosted runner"));
  CHECK(self_hosted.job.trusted_publishing == core::Readiness::blocked);
  CHECK(self_hosted.has_advice("Run the publish job on a GitHub-hosted runner"));

  auto custom = analyse_job(publish_workflow("    runs-on: build-farm\n" + k_oidc, k_node24));
  CHECK(custom.has_blocker("runner 'build-farm' is not a standard GitHub-hosted label"));
  CHECK(custom.job.trusted_publishing == core::Readiness::needs_changes);

  auto hosted = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(hosted.has_finding("tp-blocked-runner"));
  CHECK_FALSE(hosted.has_advice("GitHub-hosted runner"));
}
