#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule tp-npm-too-old: npm before 11.5.1 never attempts OIDC") {
  const std::string node18 =
      "      - uses: actions/setup-node@v4\n        with: {node-version: 18}\n";
  auto old = analyse_job(publish_workflow(k_hosted + k_oidc, node18));
  CHECK(old.has_finding("tp-npm-too-old"));
  CHECK(old.job.trusted_publishing == core::Readiness::needs_changes);
  CHECK(old.has_advice("set `node-version: "));

  auto version_file = analyse_job(publish_workflow(k_hosted + k_oidc,
                                                   "      - uses: actions/setup-node@v4\n"
                                                   "        with: {node-version-file: .nvmrc}\n"),
                                  {{".nvmrc", "18\n"}});
  CHECK(version_file.has_advice("write "));
  CHECK(version_file.has_advice("in '.nvmrc'"));

  auto current = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24));
  CHECK_FALSE(current.has_finding("tp-npm-too-old"));
  CHECK_FALSE(current.has_advice("Publish with npm >="));
}
