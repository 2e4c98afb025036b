#pragma once

#include <algorithm>
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

// A list that keeps the first of equal entries (blockers, advice).
class NoteList {
 public:
  explicit NoteList(std::vector<std::string>& list) : m_list(list) {}
  void add(std::string note) {
    if (std::find(m_list.begin(), m_list.end(), note) == m_list.end()) {
      m_list.push_back(std::move(note));
    }
  }

 private:
  std::vector<std::string>& m_list;
};

// What stands between a publishing job and trusted publishing: a hard blocker
// makes the job `blocked`, the others `needs-changes`.
class Blockers : public NoteList {
 public:
  using NoteList::NoteList;
  void add_hard(std::string note) {
    add(std::move(note));
    m_hard = true;
  }
  bool hard() const { return m_hard; }

 private:
  bool m_hard = false;
};

using Advice = NoteList;

// What conclude() (advice.cpp) has settled about a publishing job when its
// rules name their blockers and advice.
struct Conclusion {
  const JobAnalysis& job;
  const JobAnalysis& exec;  // where the steps run: the callee's job for a reusable call
  const FileContext& ctx;
  bool gitlab = false;
  bool has_token = false;  // a long-lived token reaches the publish
  // No token and no ID token is visible, but the provider hands every job
  // variables no file shows (GitLab CI/CD variables): a token most likely
  // reaches the publish that way. Null otherwise.
  const Knowledge::CiProvider* invisible_token = nullptr;
  bool token_likely() const { return has_token || invisible_token; }
  Provider provider = Provider::github;
  // Known once every blocker is in (for the advice).
  core::Readiness readiness = core::Readiness::not_applicable;
  const core::TrustedPublisher* publisher = nullptr;
};

// "a, b" from a list.
inline std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) {
      out += separator;
    }
    out += item;
  }
  return out;
}

// "NPM_TOKEN (line 12, fed from secrets.NPM_TOKEN), ...": where each token
// the publish gets is wired, for the advice to remove it (findings.cpp).
std::string token_places(const JobAnalysis& job);

// One workflow rule: the finding it reports on a publishing job (rules/<id>.yaml
// with engine: workflow; id() is empty for a rule that only gives blockers and
// advice), the blockers it names and the advice it gives. One file per rule in
// src/workflow/rules/, registered in registry.cpp, as detect/checks/ are.
class WorkflowRule {
 public:
  virtual ~WorkflowRule() = default;
  virtual std::string_view id() const = 0;
  virtual void find(const PublishingJob& /*job*/, Emitter& /*emit*/) const {}
  // Every job, whether it publishes or not.
  virtual void find_any(const JobAnalysis& /*job*/, const FileContext& /*ctx*/,
                        Emitter& /*emit*/) const {}
  // A job that may publish where the scanner cannot see (publishes_npm unknown).
  virtual void find_unknown(const JobAnalysis& /*job*/, const FileContext& /*ctx*/,
                            Emitter& /*emit*/) const {}
  // A job that publishes to npm.
  virtual void block(const Conclusion& /*job*/, Blockers& /*out*/) const {}
  virtual void advise(const Conclusion& /*job*/, Advice& /*out*/) const {}
  // A job that may publish where the scanner cannot see.
  virtual void advise_unknown(const JobAnalysis& /*job*/, Advice& /*out*/) const {}
  // A job that publishes, but not to registry.npmjs.org.
  virtual void advise_not_npm(const JobAnalysis& /*job*/, const FileContext& /*ctx*/,
                              Advice& /*out*/) const {}
};

// A rule and where its blockers and advice go in a job's lists: the ranks
// keep the order a maintainer works in (blockers by how hard they stop the
// publish, advice in the order to act), which differs from the findings'.
struct RegisteredRule {
  std::unique_ptr<WorkflowRule> rule;
  int blocker_rank = 0;
  int advice_rank = 0;
};

// Every workflow rule, in the findings' order.
const std::vector<RegisteredRule>& workflow_rules();

// The same rules sorted by blocker rank and by advice rank.
const std::vector<const WorkflowRule*>& rules_by_blocker_rank();
const std::vector<const WorkflowRule*>& rules_by_advice_rank();

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
std::unique_ptr<WorkflowRule> npm_token_registry_command();
// Blockers and advice only.
std::unique_ptr<WorkflowRule> publishing_proxy();
std::unique_ptr<WorkflowRule> missing_id_token();
std::unique_ptr<WorkflowRule> repository_url_mismatch();
std::unique_ptr<WorkflowRule> environment_expression();
std::unique_ptr<WorkflowRule> trusted_publisher_settings();
std::unique_ptr<WorkflowRule> ready_to_publish();
std::unique_ptr<WorkflowRule> publish_unseen();
std::unique_ptr<WorkflowRule> other_registry();
std::unique_ptr<WorkflowRule> circleci_limits();
}  // namespace rule

}  // namespace nts::workflow
