#include "workflow/rules/rule.hpp"

namespace nts::workflow {

const std::vector<std::unique_ptr<WorkflowRule>>& workflow_rules() {
  static const std::vector<std::unique_ptr<WorkflowRule>> rules = [] {
    std::vector<std::unique_ptr<WorkflowRule>> list;
    list.push_back(rule::npm_token_publish());
    list.push_back(rule::npm_token_hybrid());
    list.push_back(rule::tp_blocked_runner());
    list.push_back(rule::tp_npm_too_old());
    list.push_back(rule::tp_blocked_client());
    list.push_back(rule::tp_reusable_workflow());
    list.push_back(rule::tp_whoami_precheck());
    list.push_back(rule::publish_from_pull_request_target());
    list.push_back(rule::bypass_2fa_deadline());
    return list;
  }();
  return rules;
}

}  // namespace nts::workflow
