#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "org/repo_result.hpp"

namespace nts::org {

// What one repository entry adds to the summary and the dashboard.
struct RepoStats {
  int token = 0;  // publishing jobs by auth
  int hybrid = 0;
  int oidc = 0;
  int unknown = 0;  // jobs that may publish where the scanner cannot see (publishes_npm "unknown")
  int ready = 0;    // publishing jobs by trusted-publishing readiness
  int needs_changes = 0;
  int blocked = 0;
  int leaks = 0;                // high-severity findings that carry a (redacted) secret
  int findings = 0;             // every finding
  int suppressed_findings = 0;  // left out by the repository's own config
  int suppressed_leaks = 0;     // of which leaks
};
RepoStats repo_stats(const nlohmann::ordered_json& entry);

// A leak is a credential in the files: a high-severity finding that carries a
// (redacted) secret. Token references like ${NPM_TOKEN} are info findings.
bool is_leak(std::string_view severity, std::string_view secret);

// A string member of a report object, or "" when it is absent, null or not a string.
std::string text_member(const nlohmann::ordered_json& object, const char* key);

// The org report of docs/contract.md: entries sorted by repository, summary
// computed from them (so a merged report equals the unsharded one). Takes the
// results by value: their JSON moves into the report instead of being copied.
nlohmann::ordered_json org_report(std::vector<RepoResult> results, const std::string& tool_version);

// Combines org reports (shards); a repository present in several keeps the
// last one given. Errors name the report that is not an org report.
core::Result<nlohmann::ordered_json> merge_reports(
    const std::vector<std::pair<std::string, nlohmann::ordered_json>>& reports,
    const std::string& tool_version);

// jobs-csv and jobs-markdown: one row per publishing job (org/jobs.hpp).
enum class OrgFormat { json, csv, markdown, html, jobs_csv, jobs_markdown };
const std::vector<std::string>& org_format_names();
OrgFormat parse_org_format(const std::string& name);  // a name from org_format_names()

void write_org_report(std::ostream& out, OrgFormat format, const nlohmann::ordered_json& report);
void write_org_json(std::ostream& out, const nlohmann::ordered_json& report);
void write_org_csv(std::ostream& out, const nlohmann::ordered_json& report);
void write_org_markdown(std::ostream& out, const nlohmann::ordered_json& report);
void write_org_html(std::ostream& out, const nlohmann::ordered_json& report);
void write_org_jobs_csv(std::ostream& out, const nlohmann::ordered_json& report);
void write_org_jobs_markdown(std::ostream& out, const nlohmann::ordered_json& report);

// One line for stderr once the progress has ended: "npm-token-scan: 200
// repositories (3 failed), 41 publishing jobs: 30 token, 4 hybrid, 7 OIDC; 2
// leaked secrets; 30 days to npm's bypass-2FA deadline (2027-01-01)".
std::string summary_line(const nlohmann::ordered_json& report);

// True when a finding in the report is at or above `threshold` (info|low|medium|high).
bool has_finding_at_or_above(const nlohmann::ordered_json& report, const std::string& threshold);

}  // namespace nts::org
