#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule tp-whoami-precheck: a login check fails under OIDC") {
  auto precheck =
      analyse_job(publish_workflow(k_hosted + k_oidc, k_node24 + "      - run: npm whoami\n"));
  CHECK(precheck.has_finding("tp-whoami-precheck"));
  CHECK(precheck.has_blocker("npm whoami pre-check"));
  CHECK(precheck.has_advice("Remove the `npm whoami` pre-check (line "));

  Files release_it = {{"package.json", R"({"name": "widgets", "repository": "github:acme/widgets",
                        "devDependencies": {"release-it": "^19.0.0"}})"}};
  auto client =
      analyse_job(publish_workflow(k_hosted + k_oidc, k_node24, "npx release-it --ci"), release_it);
  CHECK(client.has_blocker("release-it checks `npm whoami`"));
  CHECK(client.has_advice("Disable the built-in login check: release-it checks"));

  auto plain = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(plain.has_finding("tp-whoami-precheck"));
  CHECK_FALSE(plain.has_blocker("pre-check"));
}
