// A GitHub job summary (the Action appends it to $GITHUB_STEP_SUMMARY): counts
// first, then what to revoke, then how each publishing workflow moves to
// trusted publishing. Everything from the repository is escaped, so a file name
// cannot inject links, HTML or table cells into the summary.
#include <algorithm>

#include "report/common.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"
#include "util/text.hpp"

namespace nts::report {
namespace {

std::string location(const core::Location& location) {
  std::string out = location.path;
  if (location.line > 0) {
    out += ":" + std::to_string(location.line);
    if (location.column > 0) {
      out += ":" + std::to_string(location.column);
    }
  }
  return out;
}

std::string headline(const core::ScanReport& report, const detail::Counts& counts) {
  std::string out = "**" + detail::plural(report.findings.size(), "finding", "findings") + "**";
  if (!report.findings.empty()) {
    std::string parts;
    for (auto severity : detail::k_severities_high_first) {
      auto it = counts.by_severity.find(severity);
      if (it != counts.by_severity.end() && it->second > 0) {
        parts += (parts.empty() ? "" : ", ") + std::to_string(it->second) + " " +
                 std::string(core::to_string(severity));
      }
    }
    out += " (" + parts + ")";
  }
  out += " in " + detail::plural(report.stats.files_scanned, "file", "files") + " · " +
         detail::plural(report.workflows.size(), "workflow", "workflows") + " · " +
         detail::plural(counts.publishing_jobs, "publishing job", "publishing jobs");
  if (counts.publishing_jobs > 0) {
    std::string parts;
    for (const auto& [auth, n] : counts.by_auth) {
      parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " +
               std::string(core::to_string(auth));
    }
    out += " (" + markdown_escape(parts) + ")";
  }
  // Suppression stays visible in the job summary: a reviewer sees that a
  // comment or the config left findings out, even when none are shown.
  if (report.stats.ignored_by_config > 0) {
    out += " · " + std::to_string(report.stats.ignored_by_config) +
           " ignored by `.npm-token-scan.yaml`";
  }
  if (report.stats.inline_ignored > 0) {
    out += " · " + std::to_string(report.stats.inline_ignored) +
           " ignored by inline `npm-token-scan: ignore` comments";
  }
  if (counts.unknown_jobs > 0) {
    out += " · " + std::to_string(counts.unknown_jobs) + " possibly publishing (unknown)";
  }
  if (counts.errors > 0) {
    out += " · " + detail::plural(counts.errors, "error", "errors") + " (see the log)";
  }
  return out;
}

std::string rule_cell(const RenderOptions& options, std::string_view id) {
  std::string title = detail::rule_title(options, id);
  return title == id ? markdown_code(id) : markdown_escape(title) + " " + markdown_code(id);
}

void write_findings(std::ostream& out, const core::ScanReport& report,
                    const RenderOptions& options) {
  out << "### Findings\n\n";
  if (report.findings.empty()) {
    out << "No leaked or referenced npm credentials.\n\n";
    return;
  }
  auto sorted = detail::by_severity_then_location(report.findings);
  out << "| Severity | Rule | Location | Value (redacted) | What to do |\n";
  out << "|---|---|---|---|---|\n";
  for (const auto* finding : sorted) {
    std::string what = markdown_escape(finding->message);
    if (finding->commit) {
      what += "<br>commit " + markdown_code(finding->commit->substr(0, 12)) +
              (finding->still_present ? " (still present)" : " (deleted since, still in history)");
    }
    if (!finding->help.empty()) {
      what += "<br>**Fix:** " + markdown_prose(finding->help, true);
    }
    out << "| " << core::to_string(finding->severity) << " | "
        << rule_cell(options, finding->rule_id) << " | "
        << markdown_code(location(finding->location)) << " | "
        << (finding->secret.empty() ? std::string() : markdown_code(finding->secret)) << " | "
        << what << " |\n";
  }
  out << '\n';
}

bool publishes(const core::WorkflowReport& workflow) {
  return std::any_of(workflow.jobs.begin(), workflow.jobs.end(), [](const core::JobReport& job) {
    return job.publishes_npm != core::Publishes::no;
  });
}

std::string join_escaped(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : std::string(separator)) + markdown_escape(item);
  }
  return out;
}

void write_workflows(std::ostream& out, const core::ScanReport& report) {
  bool any = std::any_of(report.workflows.begin(), report.workflows.end(), publishes);
  if (!any) {
    return;
  }
  out << "### Publishing workflows\n\n";
  for (const auto& workflow : report.workflows) {
    if (!publishes(workflow)) {
      continue;
    }
    out << "#### " << markdown_code(workflow.path, false)
        << (workflow.provider == core::Provider::github
                ? std::string()
                : " (" + std::string(core::to_string(workflow.provider)) + ")")
        << "\n\n";
    out << "| Job | Publishes | Auth | Trusted publishing | Blockers |\n";
    out << "|---|---|---|---|---|\n";
    for (const auto& job : workflow.jobs) {
      std::string blockers = join_escaped(job.blockers, "<br>");
      if (job.publishes_npm == core::Publishes::unknown) {
        blockers = markdown_escape(detail::unknown_publish_summary(job));
      }
      // An inferred token is named next to the auth it decided.
      std::string auth(core::to_string(job.auth));
      for (const auto& source : job.token_sources) {
        if (source.kind == core::TokenSourceKind::inferred) {
          auth += " (inferred: " + markdown_escape(source.name) + ")";
        }
      }
      out << "| " << markdown_code(job.id) << " | " << core::to_string(job.publishes_npm) << " | "
          << auth << " | " << core::to_string(job.trusted_publishing) << " | " << blockers
          << " |\n";
    }
    out << '\n';
  }
}

void write_migration(std::ostream& out, const core::ScanReport& report) {
  bool header = false;
  for (const auto& workflow : report.workflows) {
    for (const auto& job : workflow.jobs) {
      if (!job.publishes() || (job.advice.empty() && !job.trusted_publisher)) {
        continue;
      }
      if (!header) {
        out << "### Migrating to trusted publishing\n\n";
        header = true;
      }
      out << "#### " << markdown_code(workflow.path, false) << " job "
          << markdown_code(job.id, false) << "\n\n";
      int step = 1;
      for (const auto& advice : job.advice) {
        out << step++ << ". " << markdown_prose(advice, false) << '\n';
      }
      if (!job.advice.empty()) {
        out << '\n';
      }
      if (job.trusted_publisher) {
        const auto& tp = *job.trusted_publisher;
        out << "Trusted publisher on npmjs.com: "
            << detail::publisher_settings(
                   tp, [](const std::string& v) { return markdown_code(v, false); },
                   [](std::string_view v) { return markdown_prose(v, false); })
            << "\n\n";
        // A fenced block shows the command verbatim; a fence longer than any
        // backtick run inside keeps the block closed where it should be.
        const auto& commands = tp.commands.empty() ? std::vector{tp.command} : tp.commands;
        std::string fence = "```";
        for (const auto& command : commands) {
          while (command.find(fence) != std::string::npos) {
            fence += '`';
          }
        }
        out << fence << "sh\n";
        for (const auto& command : commands) {
          out << util::escape_control(command) << '\n';
        }
        out << fence << "\n\n";
      }
    }
  }
}

}  // namespace

void write_markdown(std::ostream& out, const core::ScanReport& report,
                    const RenderOptions& options) {
  auto counts = detail::count(report);
  out << "## npm-token-scan\n\n" << headline(report, counts) << "\n\n";
  write_findings(out, report, options);
  write_workflows(out, report);
  write_migration(out, report);
}

}  // namespace nts::report
