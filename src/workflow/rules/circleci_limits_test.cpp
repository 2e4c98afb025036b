#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

namespace {

// A CircleCI config whose one job, on a Node image, runs `publish`.
std::string circleci_job(const std::string& publish) {
  return "version: 2.1\njobs:\n  publish:\n    docker:\n      - image: cimg/node:22.14\n"
         "    steps:\n      - checkout\n      - run: " +
         publish + "\nworkflows:\n  release:\n    jobs: [publish]\n";
}

RuleOutcome analyse_circleci(const std::string& publish, Files files = {}) {
  return analyse_job(circleci_job(publish), std::move(files), ".circleci/config.yml");
}

}  // namespace

TEST_CASE("rule circleci-limits: clients without OIDC from CircleCI are blockers there only") {
  auto semantic = analyse_circleci("npx semantic-release");
  REQUIRE(semantic.job.publishes_npm == core::Publishes::yes);
  CHECK(semantic.has_blocker("cannot publish with OIDC from CircleCI"));
  CHECK(semantic.has_blocker("GitHub Actions and GitLab only"));

  auto npm = analyse_circleci("npm publish");
  REQUIRE(npm.job.publishes_npm == core::Publishes::yes);
  CHECK_FALSE(npm.has_blocker("cannot publish with OIDC from CircleCI"));

  // The same client on GitHub Actions is not this rule's business.
  auto github = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24, "npx semantic-release"));
  REQUIRE(github.job.publishes_npm == core::Publishes::yes);
  CHECK_FALSE(github.has_blocker("cannot publish with OIDC from CircleCI"));
}

TEST_CASE("rule circleci-limits: --provenance on CircleCI is advised away, with its line") {
  auto provenance = analyse_circleci("npm publish --provenance --access public");
  REQUIRE(provenance.job.publishes_npm == core::Publishes::yes);
  CHECK(provenance.has_advice("Drop --provenance (line 8)"));
  CHECK(provenance.has_advice("npm does not support provenance on CircleCI"));

  // A container build's --provenance is not npm's.
  auto docker = analyse_circleci("docker buildx build --provenance=true . && npm publish");
  CHECK_FALSE(docker.has_advice("Drop --provenance"));
  CHECK_FALSE(analyse_circleci("npm publish").has_advice("Drop --provenance"));

  // GitHub Actions does provenance: no such advice there.
  auto github =
      analyse_job(publish_workflow(k_hosted + k_oidc, k_node24, "npm publish --provenance"));
  CHECK_FALSE(github.has_advice("Drop --provenance"));
}
