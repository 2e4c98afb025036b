#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/scan_report.hpp"

namespace nts::report {

enum class Format { text, json };

std::optional<Format> parse_format(std::string_view name);
const std::vector<std::string>& format_names();

struct RenderOptions {
  bool color = false;
  std::string tool_version;
};

// Every writer prints the same facts; none ever sees a whole secret (findings
// arrive redacted). Writers only write: choosing the exit code is the CLI's job.
void write_report(std::ostream& out, Format format, const core::ScanReport& report, const RenderOptions& options);

void write_text(std::ostream& out, const core::ScanReport& report, const RenderOptions& options);
void write_json(std::ostream& out, const core::ScanReport& report, const RenderOptions& options);

// The JSON of one report without the version/tool header: the org report embeds it per repository.
nlohmann::ordered_json findings_json(const std::vector<core::Finding>& findings);
nlohmann::ordered_json workflows_json(const std::vector<core::WorkflowReport>& workflows);
nlohmann::ordered_json issues_json(const std::vector<core::ScanIssue>& issues);

}  // namespace nts::report
