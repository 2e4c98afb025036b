#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/scan_report.hpp"
#include "report/escape.hpp"
#include "rules/rule.hpp"

namespace nts::report {

enum class Format { text, json, sarif, github, markdown, csv };

std::optional<Format> parse_format(std::string_view name);
const std::vector<std::string>& format_names();

struct RenderOptions {
  bool color = false;
  // Text: the terminal's width, to wrap messages and steps at word boundaries;
  // 0 (not a terminal) keeps one line per finding and per step, for tools.
  unsigned width = 0;
  std::string tool_version;
  // The loaded rules (builtin plus --rules): SARIF describes every rule and the
  // other formats take titles from them. Null: writers fall back to what the
  // findings themselves say, so a report can always be written.
  const std::vector<rules::Rule>* rules = nullptr;
};

// Every writer prints the same facts; none ever sees a whole secret (findings
// arrive redacted). Writers only write: choosing the exit code is the CLI's job.
void write_report(std::ostream& out, Format format, const core::ScanReport& report,
                  const RenderOptions& options);

void write_text(std::ostream& out, const core::ScanReport& report, const RenderOptions& options);
void write_json(std::ostream& out, const core::ScanReport& report, const RenderOptions& options);
void write_sarif(std::ostream& out, const core::ScanReport& report, const RenderOptions& options);
void write_github(std::ostream& out, const core::ScanReport& report, const RenderOptions& options);
void write_markdown(std::ostream& out, const core::ScanReport& report,
                    const RenderOptions& options);
void write_csv(std::ostream& out, const core::ScanReport& report, const RenderOptions& options);

// Escaping used by the writers above, exposed for their tests.
// GitHub workflow commands (@actions/core toMessage/escapeData/escapeProperty):
// without it a file name holding a newline could forge a second command.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);
// CSV, Markdown and HTML escaping: report/escape.hpp.

// The JSON of one report without the version/tool header: the org report embeds it per repository.
nlohmann::ordered_json findings_json(const std::vector<core::Finding>& findings);
nlohmann::ordered_json workflows_json(const std::vector<core::WorkflowReport>& workflows);
nlohmann::ordered_json issues_json(const std::vector<core::ScanIssue>& issues);

// `publishes_npm` in JSON is true | false | "unknown" (the contract's form of
// core::Publishes); reading accepts what writing produces, anything else is
// nullopt (a stored report from a hostile shard must not throw).
nlohmann::ordered_json publishes_json(core::Publishes publishes);
std::optional<core::Publishes> publishes_from_json(const nlohmann::ordered_json& value);

}  // namespace nts::report
