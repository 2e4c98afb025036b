#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule trusted_publisher_settings: where and how to register the publisher") {
  auto named =
      analyse_job(publish_workflow(k_hosted + k_oidc + "    environment: npm\n", k_node24));
  CHECK(
      named.has_advice("add GitHub Actions with owner 'acme', repository 'widgets', workflow "
                       "'release.yml', environment 'npm', allowed action npm publish"));
  CHECK(
      named.has_advice("or run (npm >= 11.10): npm trust github widgets --file release.yml "
                       "--repo acme/widgets --env npm --allow-publish"));
  CHECK(named.advice_at("On npmjs.com") == 0);

  // A hostile package name stays one quoted word in the command.
  Files hostile = {
      {"package.json", R"json({"name": "w$(touch x)", "repository": "github:acme/widgets"})json"}};
  auto quoted = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24), hostile);
  CHECK(quoted.has_advice("npm trust github 'w$(touch x)' --file release.yml"));
}
