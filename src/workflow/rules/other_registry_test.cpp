#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule other_registry: GitHub Packages is not npm") {
  Files github_packages = {{"package.json", R"({"name": "@acme/widgets",
      "repository": "github:acme/widgets",
      "publishConfig": {"registry": "https://npm.pkg.github.com"}})"}};
  auto packages = analyse_job(publish_workflow(k_hosted, k_node24), github_packages);
  CHECK_FALSE(packages.job.publishes());
  CHECK(packages.job.auth == core::Auth::none);
  CHECK(
      packages.has_advice("publishes to GitHub Packages (npm.pkg.github.com, from "
                          "package.json publishConfig.registry)"));

  auto npm = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(npm.has_advice("not to registry.npmjs.org"));
}
