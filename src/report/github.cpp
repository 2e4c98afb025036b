// GitHub Actions workflow commands: each finding becomes an annotation on the
// file and line
// (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions).
#include "report/common.hpp"
#include "report/report.hpp"
#include "util/text.hpp"

namespace nts::report {
namespace {

const char* command(core::Severity severity) {
  switch (severity) {
    case core::Severity::high:
      return "error";
    case core::Severity::medium:
    case core::Severity::low:
      return "warning";
    case core::Severity::info:
      return "notice";
  }
  return "notice";
}

std::string annotation_message(const core::Finding& finding, const RenderOptions& options) {
  // Annotation bodies keep line breaks (escaped as %0A), so each fact gets a line.
  std::string text = finding.message;
  if (!finding.secret.empty()) {
    text += "\nvalue: " + finding.secret;
  }
  if (finding.commit) {
    text += "\ncommit: " + finding.commit->substr(0, 12) +
            (finding.still_present
                 ? std::string(" (still present)")
                 : " (" + std::string(detail::deleted_since(options, finding.rule_id)) + ")");
  }
  if (!finding.help.empty()) {
    text += "\nhelp: " + finding.help;
  }
  return text;
}

}  // namespace

// Same order as @actions/core's escapeData: '%' first, or the other escapes would be re-escaped.
// Other control characters (an escape sequence in a file name) are shown as
// \x1b and the like: the Actions log renders ANSI sequences.
std::string github_escape_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 || byte == 0x7f) && c != '\r' && c != '\n') {
      out += util::escape_control(std::string_view(&c, 1));
      continue;
    }
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Properties are `key=value` pairs separated by ',' and ended by "::", hence ':' and ',' too.
std::string github_escape_property(std::string_view text) {
  std::string out;
  for (char c : github_escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

void write_github(std::ostream& out, const core::ScanReport& report, const RenderOptions& options) {
  for (const auto& finding : report.findings) {
    out << "::" << command(finding.severity)
        << " file=" << github_escape_property(finding.location.path);
    if (finding.location.line > 0) {
      out << ",line=" << finding.location.line;
      if (finding.location.column > 0) {
        out << ",col=" << finding.location.column;
      }
    }
    out << ",title=" << github_escape_property(detail::rule_label(options, finding.rule_id))
        << "::" << github_escape_data(annotation_message(finding, options)) << '\n';
  }
  // A job that may publish where the scanner cannot see: a notice on the job,
  // so that "unknown" is never mistaken for a clean result.
  for (const auto& workflow : report.workflows) {
    for (const auto& job : workflow.jobs) {
      if (job.publishes_npm != core::Publishes::unknown) {
        continue;
      }
      out << "::warning file=" << github_escape_property(workflow.path);
      if (job.line > 0) {
        out << ",line=" << job.line;
      }
      out << ",title=" << github_escape_property("npm publish not visible (job " + job.id + ")")
          << "::"
          << github_escape_data("job '" + job.id + "' " + detail::unknown_publish_summary(job))
          << '\n';
    }
  }
  // A plain log line (not a command) so the step log says what was scanned even when nothing was
  // found.
  auto counts = detail::count(report);
  std::string line =
      "npm-token-scan: " + detail::plural(report.findings.size(), "finding", "findings") + " in " +
      detail::plural(report.stats.files_scanned, "file", "files") + ", " +
      detail::plural(counts.publishing_jobs, "publishing job", "publishing jobs");
  if (counts.unknown_jobs > 0) {
    line += ", " + std::to_string(counts.unknown_jobs) + " possibly publishing (unknown)";
  }
  // Escaped like data so that nothing in it can start a command at the beginning of a line.
  out << github_escape_data(line) << '\n';
}

}  // namespace nts::report
