#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule tp-blocked-client: a release tool without trusted publishing") {
  Files old_tool = {{"package.json", R"({"name": "widgets", "repository": "github:acme/widgets",
                      "devDependencies": {"semantic-release": "^19.0.0"}})"}};
  auto blocked =
      analyse_job(publish_workflow(k_hosted + k_oidc, k_node24, "npx semantic-release"), old_tool);
  CHECK(blocked.has_finding("tp-blocked-client"));
  CHECK(blocked.has_blocker("semantic-release 19.0.0 cannot use trusted publishing"));
  CHECK(blocked.job.trusted_publishing == core::Readiness::blocked);
  CHECK(blocked.has_advice("Client: upgrade to semantic-release >= 25"));

  auto npm = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(npm.has_finding("tp-blocked-client"));
  CHECK_FALSE(npm.has_advice("Client: "));
}
