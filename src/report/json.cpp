#include "report/report.hpp"

namespace nts::report {

nlohmann::ordered_json findings_json(const std::vector<core::Finding>& findings) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    out.push_back({
        {"rule", f.rule_id},
        {"severity", core::to_string(f.severity)},
        {"confidence", core::to_string(f.confidence)},
        {"message", f.message},
        {"path", f.location.path},
        {"line", f.location.line},
        {"column", f.location.column},
        {"secret", f.secret},
        {"fingerprint", f.fingerprint},
        {"commit", f.commit ? nlohmann::ordered_json(*f.commit) : nlohmann::ordered_json(nullptr)},
        {"still_present", f.still_present},
        {"help", f.help},
    });
  }
  return out;
}

nlohmann::ordered_json publishes_json(core::Publishes publishes) {
  if (publishes == core::Publishes::unknown) {
    return std::string(core::to_string(publishes));
  }
  return publishes == core::Publishes::yes;
}

std::optional<core::Publishes> publishes_from_json(const nlohmann::ordered_json& value) {
  if (value.is_boolean()) {
    return value.get<bool>() ? core::Publishes::yes : core::Publishes::no;
  }
  if (value.is_string() && value.get<std::string>() == core::to_string(core::Publishes::unknown)) {
    return core::Publishes::unknown;
  }
  return std::nullopt;
}

nlohmann::ordered_json workflows_json(const std::vector<core::WorkflowReport>& workflows) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& workflow : workflows) {
    auto jobs = nlohmann::ordered_json::array();
    for (const auto& job : workflow.jobs) {
      auto steps = nlohmann::ordered_json::array();
      for (const auto& step : job.publish_steps) {
        auto via = nlohmann::ordered_json::array();
        for (const auto& hop : step.via) {
          via.push_back({{"path", hop.path}, {"line", hop.line}, {"what", hop.what}});
        }
        steps.push_back(
            {{"line", step.line}, {"column", step.column}, {"tool", step.tool}, {"via", via}});
      }
      auto unresolved = nlohmann::ordered_json::array();
      for (const auto& hop : job.unresolved) {
        unresolved.push_back({{"path", hop.path}, {"line", hop.line}, {"reason", hop.reason}});
      }
      auto token_commands = nlohmann::ordered_json::array();
      for (const auto& command : job.token_commands) {
        token_commands.push_back({{"line", command.line},
                                  {"column", command.column},
                                  {"command", command.command},
                                  {"tokens", command.token_names()}});
      }
      auto sources = nlohmann::ordered_json::array();
      for (const auto& source : job.token_sources) {
        sources.push_back({{"kind", core::to_string(source.kind)},
                           {"line", source.line},
                           {"column", source.column},
                           {"name", source.name},
                           {"from", source.from}});
      }
      nlohmann::ordered_json publisher = nullptr;
      if (job.trusted_publisher) {
        const auto& tp = *job.trusted_publisher;
        auto environment = tp.environment ? nlohmann::ordered_json(*tp.environment)
                                          : nlohmann::ordered_json(nullptr);
        if (tp.provider == core::Provider::gitlab) {
          publisher = {{"provider", core::to_string(tp.provider)},
                       {"namespace", tp.owner},
                       {"project", tp.repository},
                       {"ci_file", tp.ci_file},
                       {"environment", environment},
                       {"command", tp.command}};
        } else if (tp.provider == core::Provider::circleci) {
          // The organization, project and pipeline definition ids are not in
          // the config: `command` carries placeholders for them.
          publisher = {{"provider", core::to_string(tp.provider)},
                       {"config_file", tp.ci_file},
                       {"contexts", tp.contexts},
                       {"command", tp.command}};
        } else
          publisher = {{"owner", tp.owner},
                       {"repository", tp.repository},
                       {"workflow", tp.workflow},
                       {"environment", tp.environment ? nlohmann::ordered_json(*tp.environment)
                                                      : nlohmann::ordered_json(nullptr)},
                       {"command", tp.command}};
      }
      jobs.push_back({{"id", job.id},
                      {"line", job.line},
                      {"publishes_npm", publishes_json(job.publishes_npm)},
                      {"auth", core::to_string(job.auth)},
                      {"trusted_publishing", core::to_string(job.trusted_publishing)},
                      {"blockers", job.blockers},
                      {"advice", job.advice},
                      {"packages", job.packages},
                      {"publish_steps", steps},
                      {"token_sources", sources},
                      {"token_commands", token_commands},
                      {"trusted_publisher", publisher},
                      {"unresolved", unresolved},
                      {"publish_hints", job.publish_hints},
                      {"called_from", job.called_from}});
    }
    out.push_back({{"path", workflow.path},
                   {"provider", core::to_string(workflow.provider)},
                   {"jobs", jobs}});
  }
  return out;
}

nlohmann::ordered_json issues_json(const std::vector<core::ScanIssue>& issues) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& issue : issues) {
    nlohmann::ordered_json entry = {
        {"path", issue.path},
        {"message", issue.message},
        {"kind", issue.kind == core::ScanIssue::Kind::error ? "error" : "note"}};
    if (issue.line > 0) {
      entry["line"] = issue.line;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

// The keys and their meaning are docs/contract.md's "JSON report" table;
// tests/cli/contract_test.cpp holds the two equal.
void write_json(std::ostream& out, const core::ScanReport& report, const RenderOptions& options) {
  nlohmann::ordered_json doc = {
      {"version", 1},
      {"tool", {{"name", "npm-token-scan"}, {"version", options.tool_version}}},
      {"target",
       {{"path", report.target.path},
        {"mode", report.target.mode},
        {"commit", report.target.commit ? nlohmann::ordered_json(*report.target.commit)
                                        : nlohmann::ordered_json(nullptr)}}},
      {"findings", findings_json(report.findings)},
      {"workflows", workflows_json(report.workflows)},
      {"errors", issues_json(report.issues)},
      {"stats",
       {{"files_scanned", report.stats.files_scanned},
        {"bytes_scanned", report.stats.bytes_scanned},
        {"files_skipped", report.stats.files_skipped},
        {"ignored_by_config", report.stats.ignored_by_config},
        {"inline_ignored", report.stats.inline_ignored}}},
  };
  // Paths from a repository may hold invalid UTF-8: replace, never throw.
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace nts::report
