#include "tests/support/catch.hpp"
#include "workflow/rules/rule_test_job.hpp"

using namespace nts;
using namespace nts::workflow::test;

TEST_CASE("rule npm-token-registry-command: registry writes OIDC does not cover keep a token") {
  const std::string dist_tag =
      "      - run: npm dist-tag add widgets@2.0.0 next\n"
      "        env: {NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}'}\n";
  // After an OIDC publish: the publish is ready, the tag step still needs its token.
  auto after = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24, "npm publish") + dist_tag);
  CHECK(after.job.auth == core::Auth::oidc);
  CHECK(after.has_finding("npm-token-registry-command"));
  REQUIRE(after.job.token_commands.size() == 1);
  CHECK(after.job.token_commands[0].command == "npm dist-tag add");
  CHECK(after.job.token_commands[0].token_names() == std::vector<std::string>{"NODE_AUTH_TOKEN"});
  CHECK(after.has_advice("Keep a token only for npm dist-tag add (line "));

  // A token publish with a job-level token that also reaches the tag step:
  // the revoke advice names the publishing token only.
  auto token = analyse_job(publish_workflow(k_hosted + k_token_env, k_node24,
                                            "npm publish && npm dist-tag add widgets@2.0.0 next"));
  CHECK(token.has_finding("npm-token-registry-command"));
  CHECK(token.has_advice("revoke the token the publish used"));
  CHECK_FALSE(token.has_advice("revoke the npm token"));
  CHECK(token.advice_at("Keep a token only for") < token.advice_at("revoke the token"));

  // A job that never publishes but deprecates with a token.
  auto deprecate = analyse_job(
      "on: workflow_dispatch\njobs:\n  deprecate:\n    runs-on: ubuntu-latest\n    steps:\n"
      "      - run: npm deprecate widgets@1 'use 2'\n"
      "        env: {NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}'}\n");
  CHECK(deprecate.job.publishes_npm == core::Publishes::no);
  CHECK(deprecate.job.auth == core::Auth::none);
  CHECK(deprecate.has_finding("npm-token-registry-command"));
  CHECK(deprecate.has_advice("Keep a token only for npm deprecate"));

  // Read-only listings, and a registry write with no token in reach.
  for (const char* command :
       {"npm dist-tag ls widgets", "npm owner ls widgets", "npm access get status widgets"}) {
    auto read = analyse_job(publish_workflow(k_hosted + k_token_env, k_node24, command));
    CHECK_FALSE(read.has_finding("npm-token-registry-command"));
    CHECK(read.job.token_commands.empty());
  }
  auto no_token = analyse_job(publish_workflow(k_hosted + k_oidc, k_node24,
                                               "npm publish && npm dist-tag add widgets@2 next"));
  CHECK_FALSE(no_token.has_finding("npm-token-registry-command"));
  CHECK_FALSE(no_token.has_advice("Keep a token only"));
}
