// CSV and Markdown forms of the org report: one row per repository, for
// spreadsheets and for pasting into an issue. Every cell is repository-controlled
// text (URLs, paths, messages) and is escaped for its format by the report
// writers' escaping (report/escape.hpp).
#include <string_view>

#include "org/aggregate.hpp"
#include "report/escape.hpp"

namespace nts::org {

using nlohmann::ordered_json;
using report::csv_field;
using report::markdown_code;
using report::markdown_escape;

namespace {

// The introducing commit (history scans), or an empty cell.
std::string commit_cell(const std::string& commit) {
  return commit.empty() ? std::string() : markdown_code(commit);
}

}  // namespace

void write_org_csv(std::ostream& out, const ordered_json& report) {
  out << "repository,status,head,publishing_token,publishing_hybrid,publishing_oidc,"
         "ready,needs_changes,blocked,leaks,findings,error,possibly_publishing,"
         "suppressed_findings,suppressed_leaks\r\n";
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    auto stats = repo_stats(entry);
    out << csv_field(text_member(entry, "repository")) << ','
        << csv_field(text_member(entry, "status")) << ',' << csv_field(text_member(entry, "head"))
        << ',' << stats.token << ',' << stats.hybrid << ',' << stats.oidc << ',' << stats.ready
        << ',' << stats.needs_changes << ',' << stats.blocked << ',' << stats.leaks << ','
        << stats.findings << ',' << csv_field(text_member(entry, "error")) << ',' << stats.unknown
        << ',' << stats.suppressed_findings << ',' << stats.suppressed_leaks << "\r\n";
  }
}

void write_org_markdown(std::ostream& out, const ordered_json& report) {
  const auto& summary = report["summary"];
  const auto& jobs = summary["publishing_jobs"];
  out << "# npm-token-scan org report\n\n"
      << "- Repositories: " << summary["repositories"].get<int>()
      << " (failed: " << summary["failed"].get<int>() << ")\n"
      << "- Publishing jobs: token " << jobs["token"].get<int>() << ", hybrid "
      << jobs["hybrid"].get<int>() << ", OIDC " << jobs["oidc"].get<int>()
      << "; possibly publishing (unknown, the scanner cannot see the publish): "
      << jobs.value("unknown", 0) << "\n"
      << "- Leaked secrets: " << summary["leaks"].get<int>() << "\n"
      << "- Left out by repository configs: " << summary["suppressed"]["findings"].get<int>()
      << " findings, of which " << summary["suppressed"]["leaks"].get<int>() << " leaks\n\n"
      << "| Repository | Status | Token | Hybrid | OIDC | Unknown | Blocked | Leaks | Findings | "
         "Suppressed (leaks) |\n"
      << "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    auto stats = repo_stats(entry);
    std::string status = text_member(entry, "status");
    if (status != "ok") {
      status += ": " + text_member(entry, "error");
    }
    out << "| " << markdown_escape(text_member(entry, "repository")) << " | "
        << markdown_escape(status) << " | " << stats.token << " | " << stats.hybrid << " | "
        << stats.oidc << " | " << stats.unknown << " | " << stats.blocked << " | " << stats.leaks
        << " | " << stats.findings << " | " << stats.suppressed_findings << " ("
        << stats.suppressed_leaks << ") |\n";
  }
  bool heading = false;
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    for (const auto& finding : entry.value("findings", ordered_json::array())) {
      if (!is_leak(text_member(finding, "severity"), text_member(finding, "secret"))) {
        continue;
      }
      if (!heading) {
        out << "\n## Leaked secrets\n\n| Repository | Path | Line | Secret | Introduced by | Still "
               "present |\n|---|---|---:|---|---|---|\n";
        heading = true;
      }
      out << "| " << markdown_escape(text_member(entry, "repository")) << " | "
          << markdown_code(text_member(finding, "path")) << " | " << finding.value("line", 0)
          << " | " << markdown_code(text_member(finding, "secret")) << " | "
          << commit_cell(text_member(finding, "commit")) << " | "
          << (finding.value("still_present", true) ? "yes" : "no") << " |\n";
    }
  }
}

}  // namespace nts::org
