#include <algorithm>

#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

RegisteredRule registered(std::unique_ptr<WorkflowRule> rule, int blocker_rank, int advice_rank) {
  return RegisteredRule{std::move(rule), blocker_rank, advice_rank};
}

std::vector<const WorkflowRule*> sorted_by(int RegisteredRule::*rank) {
  std::vector<const RegisteredRule*> entries;
  for (const auto& entry : workflow_rules()) {
    entries.push_back(&entry);
  }
  std::stable_sort(
      entries.begin(), entries.end(),
      [&](const RegisteredRule* a, const RegisteredRule* b) { return a->*rank < b->*rank; });
  std::vector<const WorkflowRule*> out;
  for (const auto* entry : entries) {
    out.push_back(entry->rule.get());
  }
  return out;
}

}  // namespace

// Blocker ranks: what stops the publish outright first (a proxy, the runner,
// the client), then permissions, the token, npm's version, pre-checks, the
// package and the trigger. Advice ranks: where to register the publisher,
// then each change in the order a maintainer makes it, the token last.
const std::vector<RegisteredRule>& workflow_rules() {
  static const std::vector<RegisteredRule> rules = [] {
    std::vector<RegisteredRule> list;
    list.push_back(registered(rule::npm_token_publish(), 60, 131));
    list.push_back(registered(rule::npm_token_hybrid(), 60, 130));
    list.push_back(registered(rule::tp_blocked_runner(), 20, 60));
    list.push_back(registered(rule::tp_npm_too_old(), 70, 70));
    list.push_back(registered(rule::tp_blocked_client(), 30, 80));
    list.push_back(registered(rule::tp_reusable_workflow(), 50, 10));
    list.push_back(registered(rule::tp_whoami_precheck(), 80, 90));
    list.push_back(registered(rule::publish_from_pull_request_target(), 110, 120));
    list.push_back(registered(rule::bypass_2fa_deadline(), 60, 140));
    list.push_back(registered(rule::npm_token_registry_command(), 0, 135));
    list.push_back(registered(rule::publishing_proxy(), 10, 0));
    list.push_back(registered(rule::missing_id_token(), 40, 30));
    list.push_back(registered(rule::repository_url_mismatch(), 90, 100));
    list.push_back(registered(rule::environment_expression(), 120, 0));
    list.push_back(registered(rule::trusted_publisher_settings(), 0, 20));
    list.push_back(registered(rule::ready_to_publish(), 0, 150));
    list.push_back(registered(rule::publish_unseen(), 0, 0));
    list.push_back(registered(rule::other_registry(), 0, 0));
    list.push_back(registered(rule::circleci_limits(), 30, 75));
    return list;
  }();
  return rules;
}

const std::vector<const WorkflowRule*>& rules_by_blocker_rank() {
  static const std::vector<const WorkflowRule*> rules = sorted_by(&RegisteredRule::blocker_rank);
  return rules;
}

const std::vector<const WorkflowRule*>& rules_by_advice_rank() {
  static const std::vector<const WorkflowRule*> rules = sorted_by(&RegisteredRule::advice_rank);
  return rules;
}

}  // namespace nts::workflow
