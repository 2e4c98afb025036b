#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/workflow_report.hpp"
#include "workflow/context.hpp"
#include "workflow/readiness.hpp"

namespace nts::workflow {

// Everything known about one job, from which the report entry, the advice and
// the findings are derived.
struct JobAnalysis {
  const Job* job = nullptr;
  JobFacts facts;
  std::vector<PublishHit> npm_publishes;    // to registry.npmjs.org
  std::vector<PublishHit> other_publishes;  // GitHub Packages, JSR, private registries
  std::vector<core::TokenSource> tokens;
  std::vector<Evidence> token_evidence;  // same order as tokens (line 0: outside the workflow)
  IdToken id_token;
  RunnerInfo runner;
  std::optional<NpmInfo> npm;  // when a publish runs the npm CLI
  std::vector<ClientVerdict> clients;
  std::vector<CommandHit> prechecks;
  // Registry writes OIDC does not cover, with the tokens that reach each.
  struct TokenCommand {
    CommandHit hit;
    std::vector<core::TokenSource> tokens;
  };
  std::vector<TokenCommand> token_commands;
  std::vector<std::string> packages;
  std::vector<std::string> package_dirs;
  // Reusable workflows.
  bool in_workflow_call = false;          // this file has `on: workflow_call`
  std::vector<std::string> caller_files;  // top-level local callers' file names (npm checks those)
  std::vector<std::vector<std::string>> call_chains;  // each: "a.yml (job x)", ..., top-level first
  std::vector<std::string> callers_without_id_token;  // "ci.yml (job release)"
  std::vector<std::string> callers_with_id_token;     // their file names
  std::string callee;                                 // for a caller job: the called workflow
  const JobAnalysis* callee_job = nullptr;            // the callee's publishing job, when local
  bool pull_request_target = false;
  std::optional<Evidence> trigger_at;
  std::vector<std::string> repository_problems;
  // Honest when evidence runs out: where the chain left what the scanner
  // reads, and what suggests an npm release (hints.cpp).
  std::vector<UnresolvedHop> unresolved;
  std::vector<std::string> publish_hints;
  std::vector<core::TokenSource> held_tokens;  // credentials the job holds, publish seen or not
  const ProxyRegistry* proxy = nullptr;        // an npm publish goes through this proxy
  core::JobReport report;
};

// Adds `token` unless the same name at the same line is already listed.
void add_token(JobAnalysis& a, const core::TokenSource& token, const Evidence& at);

// advice.cpp: auth, trusted_publishing, blockers, advice and the trusted
// publisher settings of a publishing job.
void conclude(JobAnalysis& job, const FileContext& ctx);

}  // namespace nts::workflow
