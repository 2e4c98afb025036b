#pragma once

// Test support: the JSON form of a workflow Analysis, as the fixtures'
// expected.json files hold it (field names follow shared/contract.md).

#include <nlohmann/json.hpp>
#include <string>

#include "core/severity.hpp"
#include "report/report.hpp"
#include "workflow/analyze.hpp"

namespace nts::workflow::testing {

inline nlohmann::ordered_json to_json(const core::JobReport& job) {
  nlohmann::ordered_json j;
  j["id"] = job.id;
  j["line"] = job.line;
  j["publishes_npm"] = report::publishes_json(job.publishes_npm);
  j["auth"] = std::string(core::to_string(job.auth));
  j["trusted_publishing"] = std::string(core::to_string(job.trusted_publishing));
  j["blockers"] = job.blockers;
  j["publish_steps"] = nlohmann::ordered_json::array();
  for (const auto& step : job.publish_steps) {
    nlohmann::ordered_json entry = {
        {"line", step.line}, {"column", step.column}, {"tool", step.tool}};
    for (const auto& hop : step.via) {  // (only when there is a chain: goldens stay short)
      entry["via"].push_back({{"path", hop.path}, {"line", hop.line}, {"what", hop.what}});
    }
    j["publish_steps"].push_back(std::move(entry));
  }
  j["token_sources"] = nlohmann::ordered_json::array();
  for (const auto& token : job.token_sources) {
    nlohmann::ordered_json entry = {
        {"line", token.line}, {"column", token.column}, {"name", token.name}, {"from", token.from}};
    if (token.kind != core::TokenSourceKind::seen) {  // (only when inferred: goldens stay short)
      entry["kind"] = std::string(core::to_string(token.kind));
    }
    j["token_sources"].push_back(std::move(entry));
  }
  if (job.trusted_publisher) {
    const auto& tp = *job.trusted_publisher;
    j["trusted_publisher"] = {
        {"owner", tp.owner},
        {"repository", tp.repository},
        {"workflow", tp.workflow},
        {"environment", tp.environment ? nlohmann::ordered_json(*tp.environment)
                                       : nlohmann::ordered_json(nullptr)},
        {"command", tp.command}};
    if (tp.provider != core::Provider::github) {
      j["trusted_publisher"]["provider"] = core::to_string(tp.provider);
      j["trusted_publisher"]["ci_file"] = tp.ci_file;
    }
    if (tp.provider == core::Provider::circleci) {
      j["trusted_publisher"]["contexts"] = tp.contexts;
    }
  } else {
    j["trusted_publisher"] = nullptr;
  }
  j["packages"] = job.packages;
  j["advice"] = job.advice;
  for (const auto& hop : job.unresolved) {
    j["unresolved"].push_back({{"path", hop.path}, {"line", hop.line}, {"reason", hop.reason}});
  }
  if (!job.publish_hints.empty()) {
    j["publish_hints"] = job.publish_hints;
  }
  for (const auto& command : job.token_commands) {
    j["token_commands"].push_back({{"line", command.line},
                                   {"column", command.column},
                                   {"command", command.command},
                                   {"tokens", command.token_names()}});
  }
  if (!job.called_from.empty()) {
    j["called_from"] = job.called_from;
  }
  return j;
}

inline nlohmann::ordered_json to_json(const Analysis& analysis) {
  nlohmann::ordered_json j;
  j["workflows"] = nlohmann::ordered_json::array();
  for (const auto& workflow : analysis.workflows) {
    nlohmann::ordered_json w;
    w["path"] = workflow.path;
    if (workflow.provider != core::Provider::github) {
      w["provider"] = core::to_string(
          workflow.provider);  // absent for GitHub, so older goldens stay as they are
    }
    w["jobs"] = nlohmann::ordered_json::array();
    for (const auto& job : workflow.jobs) {
      w["jobs"].push_back(to_json(job));
    }
    j["workflows"].push_back(std::move(w));
  }
  j["findings"] = nlohmann::ordered_json::array();
  for (const auto& f : analysis.findings) {
    j["findings"].push_back({{"rule", f.rule_id},
                             {"severity", std::string(core::to_string(f.severity))},
                             {"confidence", std::string(core::to_string(f.confidence))},
                             {"path", f.location.path},
                             {"line", f.location.line},
                             {"column", f.location.column},
                             {"message", f.message},
                             {"snippet", f.snippet},
                             {"snippet_column", f.snippet_column},
                             {"highlight_width", f.highlight_width},
                             {"fingerprint", f.fingerprint}});
  }
  j["errors"] = nlohmann::ordered_json::array();
  for (const auto& issue : analysis.issues) {
    j["errors"].push_back({{"path", issue.path}, {"line", issue.line}, {"message", issue.message}});
  }
  return j;
}

}  // namespace nts::workflow::testing
