#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "rules/rule_set.hpp"
#include "workflow/job_analysis.hpp"

namespace nts::workflow {

// Turns a rule's evidence into a located, masked, fingerprinted finding
// (findings.cpp); a rule id the loaded rules do not know is dropped.
class Emitter {
 public:
  Emitter(const JobAnalysis& job, const FileContext& ctx, const rules::RuleSet& rules)
      : m_job(job), m_ctx(ctx), m_rules(rules) {}
  // `at_least` raises the rule's severity (never lowers it).
  void emit(std::string_view rule_id, const Evidence& at, std::string message,
            std::optional<core::Severity> at_least = std::nullopt);
  std::vector<core::Finding> out;

 private:
  const JobAnalysis& m_job;
  const FileContext& m_ctx;
  const rules::RuleSet& m_rules;
};

// What every rule looks at for a job that publishes to npm.
struct PublishingJob {
  const JobAnalysis& job;
  const JobAnalysis& exec;  // where the steps run: the callee's job for a reusable call
  const FileContext& ctx;
  std::string label;        // "job 'publish'"
  const PublishHit& first;  // the first npm publish
  Evidence token_at;        // the token wiring a person edits (a stored secret first)
  std::string tokens;       // "NODE_AUTH_TOKEN from secrets.NPM_TOKEN, ..."
};

// One workflow rule (rules/<id>.yaml with engine: workflow): the finding it
// reports on a publishing job. One file per rule in src/workflow/rules/,
// registered in registry.cpp, as detect/checks/ are.
class WorkflowRule {
 public:
  virtual ~WorkflowRule() = default;
  virtual std::string_view id() const = 0;
  virtual void find(const PublishingJob& job, Emitter& emit) const = 0;
  // A job that may publish where the scanner cannot see (publishes_npm unknown).
  virtual void find_unknown(const JobAnalysis& /*job*/, const FileContext& /*ctx*/,
                            Emitter& /*emit*/) const {}
};

// Every workflow rule, in a fixed order.
const std::vector<std::unique_ptr<WorkflowRule>>& workflow_rules();

namespace rule {
std::unique_ptr<WorkflowRule> npm_token_publish();
std::unique_ptr<WorkflowRule> npm_token_hybrid();
std::unique_ptr<WorkflowRule> tp_blocked_runner();
std::unique_ptr<WorkflowRule> tp_npm_too_old();
std::unique_ptr<WorkflowRule> tp_blocked_client();
std::unique_ptr<WorkflowRule> tp_reusable_workflow();
std::unique_ptr<WorkflowRule> tp_whoami_precheck();
std::unique_ptr<WorkflowRule> publish_from_pull_request_target();
std::unique_ptr<WorkflowRule> bypass_2fa_deadline();
}  // namespace rule

}  // namespace nts::workflow
