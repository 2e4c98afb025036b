#include <set>
#include <string>

#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "workflow/rules/rule.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;

TEST_CASE("workflow rules: one registered rule per rule file with engine: workflow") {
  std::set<std::string> registered;
  std::size_t advice_only = 0;
  for (const auto& entry : workflow::workflow_rules()) {
    if (entry.rule->id().empty()) {
      ++advice_only;
      continue;
    }
    CHECK(registered.insert(std::string(entry.rule->id())).second);  // registered once
  }
  std::set<std::string> declared;
  for (const auto& rule : test::builtin_rules().rules()) {
    if (rule.engine == rules::Engine::workflow) {
      declared.insert(rule.id);
    }
  }
  CHECK(registered == declared);
  CHECK(registered.size() == 10);
  CHECK(advice_only == 9);
  // Each rank view holds every rule once.
  CHECK(workflow::rules_by_blocker_rank().size() == workflow::workflow_rules().size());
  CHECK(workflow::rules_by_advice_rank().size() == workflow::workflow_rules().size());
  std::set<const workflow::WorkflowRule*> by_advice(workflow::rules_by_advice_rank().begin(),
                                                    workflow::rules_by_advice_rank().end());
  CHECK(by_advice.size() == workflow::workflow_rules().size());
}

TEST_CASE("workflow rules: the ranks order blockers and advice the way a maintainer works") {
  using namespace nts::workflow::test;
  auto job = analyse_job(
      publish_workflow("    runs-on: self-hosted\n" + k_token_env,
                       k_node24 + "      - run: npm whoami\n", "npm publish",
                       "on: pull_request_target\n"),
      {{"package.json", R"({"name": "widgets", "repository": "github:other/gadgets"})"}});
  REQUIRE(job.job.blockers.size() == 6);
  CHECK(job.job.blockers[0] == "self-hosted runner");
  CHECK(job.job.blockers[1] == "no id-token: write");
  CHECK(job.job.blockers[2] == "long-lived token still wired (NODE_AUTH_TOKEN)");
  CHECK(job.job.blockers[3] == "npm whoami pre-check");
  CHECK(job.has_blocker("repository"));
  CHECK(job.job.blockers[5] == "triggered by pull_request_target");
  CHECK(job.job.trusted_publishing == core::Readiness::blocked);

  const std::vector<std::string> order = {"On npmjs.com",
                                          "Add `permissions: id-token: write`",
                                          "Run the publish job on a GitHub-hosted runner",
                                          "Remove the `npm whoami` pre-check",
                                          "Fix package.json",
                                          "Do not publish from a pull_request_target",
                                          "After the first trusted publish succeeds",
                                          "revoke the npm token"};
  for (std::size_t i = 0; i < order.size(); ++i) {
    INFO(order[i]);
    CHECK(job.advice_at(order[i]) == i);
  }
  CHECK(job.job.advice.size() == order.size());
}
