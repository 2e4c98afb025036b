#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule publishing_proxy: a proxy in front of npm holds the credential") {
  auto proxied = analyse_job(publish_workflow(
      k_hosted + k_oidc + "    env: {NODE_AUTH_TOKEN: '${{ secrets.PROXY_TOKEN }}'}\n",
      "      - uses: actions/setup-node@v4\n"
      "        with: {node-version: 24, registry-url: "
      "'https://wombat-dressing-room.appspot.com'}\n"));
  REQUIRE(proxied.job.publishes());
  CHECK(proxied.job.auth == core::Auth::token);  // never OIDC, id-token or not
  CHECK(proxied.has_blocker("which holds the npm credential"));
  CHECK(proxied.job.trusted_publishing == core::Readiness::blocked);

  auto direct = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(direct.has_blocker("holds the npm credential"));
}
