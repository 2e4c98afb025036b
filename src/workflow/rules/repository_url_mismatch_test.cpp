#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule repository_url_mismatch: npm rejects a foreign repository.url") {
  Files foreign = {
      {"package.json", R"({"name": "widgets", "repository": "github:other/gadgets"})"}};
  auto mismatch = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24), foreign);
  REQUIRE(!mismatch.job.blockers.empty());
  CHECK(mismatch.job.trusted_publishing == core::Readiness::needs_changes);
  CHECK(mismatch.has_advice("Fix package.json: "));
  CHECK(mismatch.has_advice("(E422)"));

  auto matching = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK(matching.job.blockers.empty());
  CHECK_FALSE(matching.has_advice("Fix package.json"));
}
