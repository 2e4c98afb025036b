// CSV and Markdown forms of the org report: one row per repository, for
// spreadsheets and for pasting into an issue. Every cell is repository-controlled
// text (URLs, paths, messages) and is escaped for its format by the report
// writers' escaping (report/escape.hpp).
#include <string_view>

#include "org/aggregate.hpp"
#include "org/jobs.hpp"
#include "report/escape.hpp"

namespace nts::org {

using nlohmann::ordered_json;
using report::csv_field;
using report::html_escape;
using report::markdown_code;
using report::markdown_escape;
using report::markdown_prose;

namespace {

// "30 days left", "today", "passed 3 days ago".
std::string days_text(const MigrationDeadline& deadline) {
  if (!deadline.days_left) {
    return "date unknown";
  }
  long days = *deadline.days_left;
  if (days > 0) {
    return std::to_string(days) + (days == 1 ? " day" : " days") + " left";
  }
  return days == 0 ? "today" : "passed " + std::to_string(-days) + " days ago";
}

// The summary's deadline line: days left and the jobs that break then.
std::string deadline_item(const MigrationDeadline& deadline) {
  if (!deadline.days_left) {
    return {};
  }
  return "- npm's bypass-2FA deadline " + deadline.date + ": " + days_text(deadline) + "; " +
         std::to_string(deadline.token_jobs) + " token jobs break then, " +
         std::to_string(deadline.hybrid_jobs) + " hybrid jobs fall back to a token\n";
}

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
      << deadline_item(migration_deadline(job_rows(report)))
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
    out << "| " << markdown_escape(repository_name(entry)) << " | " << markdown_escape(status)
        << " | " << stats.token << " | " << stats.hybrid << " | " << stats.oidc << " | "
        << stats.unknown << " | " << stats.blocked << " | " << stats.leaks << " | "
        << stats.findings << " | " << stats.suppressed_findings << " (" << stats.suppressed_leaks
        << ") |\n";
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
      out << "| " << markdown_escape(repository_name(entry)) << " | "
          << markdown_code(text_member(finding, "path")) << " | " << finding.value("line", 0)
          << " | " << markdown_code(text_member(finding, "secret")) << " | "
          << commit_cell(text_member(finding, "commit")) << " | "
          << (finding.value("still_present", true) ? "yes" : "no") << " |\n";
    }
  }
}

namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + item;
  }
  return out;
}

}  // namespace

void write_org_jobs_csv(std::ostream& out, const ordered_json& report) {
  // Multi-valued cells: blockers joined by "; ", steps and commands one a line
  // (a quoted CSV field may hold line breaks).
  out << "repository,name,workflow,job,publishes_npm,auth,trusted_publishing,blockers,"
         "migration_steps,trust_commands,provider\r\n";
  for (const auto& row : job_rows(report)) {
    out << csv_field(row.repository) << ',' << csv_field(row.name) << ',' << csv_field(row.workflow)
        << ',' << csv_field(row.job) << ',' << (row.publish_unknown ? "unknown" : "true") << ','
        << csv_field(row.auth) << ',' << csv_field(row.readiness) << ','
        << csv_field(joined(row.blockers, "; ")) << ',' << csv_field(joined(row.steps, "\n")) << ','
        << csv_field(joined(row.commands, "\n")) << ',' << csv_field(row.provider) << "\r\n";
  }
}

void write_org_jobs_markdown(std::ostream& out, const ordered_json& report) {
  auto rows = job_rows(report);
  auto deadline = migration_deadline(rows);
  out << "# npm publishing jobs\n\n";
  if (deadline.days_left) {
    out << "**" << days_text(deadline) << "** until " << deadline.date << ": "
        << markdown_escape(deadline.text) << ". " << deadline.token_jobs
        << " jobs publish with a token only and break then; " << deadline.hybrid_jobs
        << " hybrid jobs fall back to a token. Meanwhile "
        << markdown_escape(deadline.write_token_text) << ".\n\n";
  }
  auto groups = blocker_groups(rows);
  if (!groups.empty()) {
    out << "Blockers:";
    bool first = true;
    for (const auto& [kind, count] : groups) {
      out << (first ? " " : ", ") << markdown_escape(kind) << " × " << count;
      first = false;
    }
    out << "\n\n";
  }
  out << "| Repository | Workflow | Job | Auth | Readiness | Blockers |\n"
      << "|---|---|---|---|---|---|\n";
  for (const auto& row : rows) {
    std::string auth = row.publish_unknown ? "may publish (unknown)" : row.auth;
    out << "| " << markdown_escape(row.name) << " | " << markdown_code(row.workflow)
        << markdown_escape(provider_suffix(row)) << " | " << markdown_code(row.job) << " | "
        << markdown_escape(auth) << " | " << markdown_escape(row.readiness) << " | "
        << markdown_escape(joined(row.blockers, "; ")) << " |\n";
  }
  // The migration plan of each job, collapsed (GitHub renders <details>).
  for (const auto& row : rows) {
    if (row.steps.empty() && row.commands.empty()) {
      continue;
    }
    // The summary line is an HTML block, where Markdown escapes show literally.
    out << "\n<details><summary>" << html_escape(row.name) << " · "
        << html_escape(row.workflow + provider_suffix(row)) << " · " << html_escape(row.job)
        << "</summary>\n\n";
    int number = 1;
    for (const auto& step : row.steps) {
      out << number++ << ". " << markdown_prose(step, false) << "\n";
    }
    if (!row.commands.empty()) {
      out << "\n";
      for (const auto& command : row.commands) {
        out << "- " << markdown_code(command, false) << "\n";
      }
    }
    out << "\n</details>\n";
  }
}

std::string summary_line(const ordered_json& report) {
  const auto& summary = report["summary"];
  const auto& jobs = summary["publishing_jobs"];
  auto deadline = migration_deadline(job_rows(report));
  std::string line =
      "npm-token-scan: " + std::to_string(summary["repositories"].get<long>()) + " repositories";
  if (long failed = summary["failed"].get<long>(); failed > 0) {
    line += " (" + std::to_string(failed) + " failed)";
  }
  long token = jobs["token"].get<long>();
  long hybrid = jobs["hybrid"].get<long>();
  long oidc = jobs["oidc"].get<long>();
  line += ", " + std::to_string(token + hybrid + oidc) +
          " publishing jobs: " + std::to_string(token) + " token, " + std::to_string(hybrid) +
          " hybrid, " + std::to_string(oidc) + " OIDC";
  if (long unknown = jobs.value("unknown", 0L); unknown > 0) {
    line += ", " + std::to_string(unknown) + " may publish";
  }
  line += "; " + std::to_string(summary["leaks"].get<long>()) + " leaked secrets";
  if (deadline.days_left) {
    line += "; bypass-2FA deadline " + deadline.date + ": " + days_text(deadline) + ", " +
            std::to_string(deadline.token_jobs) + " jobs break then";
  }
  return line;
}

}  // namespace nts::org
