#include "util/text.hpp"

#include <map>

#include "report/common.hpp"
#include "report/report.hpp"
#include "util/enum_table.hpp"

namespace nts::report {
namespace {

// Everything below except the styling comes from the scanned repository (paths,
// job ids, commands, messages that quote them): control characters are shown
// escaped so that nothing can move the cursor, recolour or forge a line.
std::string plain(std::string_view text) {
  return util::escape_control(text);
}

// `text` (already plain) broken at spaces so that no line passes `width`
// columns where words allow, continuation lines indented by `indent`; the first
// line starts at column `used`. Width 0 (not a terminal): one line, unchanged.
std::string wrap(const std::string& text, std::size_t used, std::size_t indent, unsigned width) {
  if (width == 0 || width <= indent + 20) {
    return text;
  }
  std::string out;
  std::size_t column = used;
  std::size_t at = 0;
  bool first = true;
  while (at <= text.size()) {
    auto space = text.find(' ', at);
    auto end = space == std::string::npos ? text.size() : space;
    std::string_view word(text.data() + at, end - at);
    auto word_width = static_cast<std::size_t>(std::max(util::count_code_points(word), 0));
    if (!first && column + 1 + word_width > width) {
      out += '\n' + std::string(indent, ' ');
      column = indent;
    } else if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word_width;
    first = false;
    at = end + 1;
  }
  return out;
}

// ANSI styling, only when the CLI decided colour is on (a TTY, no NO_COLOR).
class Style {
 public:
  explicit Style(bool on) : m_on(on) {}
  std::string operator()(std::string_view text, const char* code) const {
    if (!m_on) {
      return std::string(text);
    }
    return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
  }
  const char* severity_code(core::Severity severity) const {
    switch (severity) {
      case core::Severity::high:
        return "1;31";
      case core::Severity::medium:
        return "1;33";
      case core::Severity::low:
        return "1;36";
      case core::Severity::info:
        return "1;34";
    }
    return "0";
  }

 private:
  bool m_on;
};

// Spaces before the caret under code point `column` of `snippet` once the
// snippet is shown escaped: an escaped control character takes 2 to 4 columns.
// (The detector's snippets arrive escaped already; workflow findings quote the
// workflow line as it is.)
int caret_indent(std::string_view snippet, int column) {
  if (column <= 1) {
    return 0;
  }
  std::size_t end = util::byte_of_code_point(snippet, static_cast<std::size_t>(column - 1));
  return std::max(util::count_code_points(plain(snippet.substr(0, end))), 0);
}

void write_finding(std::ostream& out, const core::Finding& f, const Style& style,
                   const RenderOptions& options) {
  std::string where = plain(f.location.path) + ":" + std::to_string(f.location.line) + ":" +
                      std::to_string(f.location.column);
  std::string severity(core::to_string(f.severity));
  std::string rule_id = plain(f.rule_id);
  std::size_t used = static_cast<std::size_t>(util::count_code_points(where)) + 2 +
                     severity.size() + 1 + rule_id.size() + 3;
  out << style(where, "1") << ": " << style(severity, style.severity_code(f.severity)) << "["
      << rule_id << "]: " << wrap(plain(f.message), used, 4, options.width) << '\n';
  if (!f.snippet.empty()) {
    std::string number = std::to_string(f.location.line);
    std::string gutter(number.size(), ' ');
    out << "  " << style(number + " |", "34") << ' ' << plain(f.snippet) << '\n';
    out << "  " << style(gutter + " |", "34") << ' '
        << std::string(static_cast<std::size_t>(caret_indent(f.snippet, f.snippet_column)), ' ')
        << style(std::string(static_cast<std::size_t>(std::max(f.highlight_width, 1)), '^'),
                 style.severity_code(f.severity))
        << '\n';
  }
  if (f.commit) {
    out << "  = commit: " << plain(f.commit->substr(0, 12))
        << (f.still_present ? std::string(" (still present at HEAD)")
                            : " (" + std::string(detail::deleted_since(options, f.rule_id)) + ")")
        << '\n';
  }
  if (!f.help.empty()) {
    out << "  = help: " << wrap(plain(f.help), 10, 4, options.width) << '\n';
  }
  out << '\n';
}

// Registry writes trusted publishing does not cover, for publishing jobs and
// others alike: each keeps its token after the publish moves to OIDC.
void write_token_commands(std::ostream& out, const core::JobReport& job) {
  for (const auto& command : job.token_commands) {
    std::string tokens;
    for (const auto& token : command.token_names()) {
      tokens += (tokens.empty() ? "" : ", ") + token;
    }
    out << "    needs a token: " << plain(command.command) << " (line " << command.line << ") with "
        << plain(tokens) << "; trusted publishing covers publishing only\n";
  }
}

void write_job(std::ostream& out, const core::JobReport& job, const Style& style, unsigned width) {
  out << "  job '" << plain(job.id) << "'";
  if (job.line > 0) {
    out << " (line " << job.line << ")";
  }
  if (job.publishes_npm == core::Publishes::unknown) {
    out << ": " << style(plain(detail::unknown_publish_summary(job)), "1;33") << '\n';
    return;
  }
  if (!job.publishes()) {
    out << ": does not publish to npm\n";
    write_token_commands(out, job);
    return;
  }
  out << ": publishes to npm; auth "
      << style(std::string(core::to_string(job.auth)), job.auth == core::Auth::oidc ? "32" : "1;33")
      << "; trusted publishing " << core::to_string(job.trusted_publishing) << '\n';
  for (const auto& step : job.publish_steps) {
    out << "    publish: " << plain(step.tool) << " (line " << step.line << ")\n";
    for (const auto& hop : step.via) {
      out << "      via " << plain(hop.what) << " ("
          << plain(hop.path.empty() ? std::string("workflow") : hop.path) << ":" << hop.line
          << ")\n";
    }
  }
  for (const auto& chain : job.called_from) {
    std::string joined;
    for (const auto& caller : chain) {
      joined += (joined.empty() ? "" : " -> ") + caller;
    }
    out << "    called from: " << plain(joined) << '\n';
  }
  for (const auto& source : job.token_sources) {
    out << "    token: " << plain(source.name);
    if (!source.from.empty()) {
      out << " from " << plain(source.from);
    }
    if (source.line > 0) {
      out << " (line " << source.line << ")";
    }
    if (source.kind == core::TokenSourceKind::inferred) {
      out << " (inferred)";
    }
    out << '\n';
  }
  write_token_commands(out, job);
  for (const auto& blocker : job.blockers) {
    out << "    blocker: " << wrap(plain(blocker), 13, 13, width) << '\n';
  }
  int step = 1;
  for (const auto& advice : job.advice) {
    std::string number = "    " + std::to_string(step++) + ". ";
    out << number << wrap(plain(advice), number.size(), number.size(), width) << '\n';
  }
  if (job.trusted_publisher) {
    const auto& tp = *job.trusted_publisher;
    std::string settings = detail::publisher_settings(
        tp, [](const std::string& v) { return plain(v); },
        [](std::string_view v) { return std::string(v); });
    out << "    npmjs.com trusted publisher: " << wrap(settings, 33, 6, width) << '\n';
    for (const auto& command : tp.commands.empty() ? std::vector{tp.command} : tp.commands) {
      out << "    $ " << plain(command) << '\n';
    }
  }
}

}  // namespace

void write_text(std::ostream& out, const core::ScanReport& report, const RenderOptions& options) {
  Style style(options.color);
  for (const auto* finding : detail::by_severity_then_location(report.findings)) {
    write_finding(out, *finding, style, options);
  }
  // A pre-commit check (--staged) is about what is being committed: the
  // migration plans of the repository's workflows are one pointer away.
  bool staged = report.target.mode == "staged";
  std::size_t plans = 0;
  for (const auto& workflow : report.workflows) {
    bool any = false;
    for (const auto& job : workflow.jobs) {
      any = any || job.publishes_npm != core::Publishes::no;
    }
    if (!any) {
      continue;
    }
    if (staged) {
      ++plans;
      continue;
    }
    // GitHub stays "workflow <path>"; other providers name themselves.
    std::string kind = workflow.provider == core::Provider::github
                           ? "workflow "
                           : std::string(core::to_string(workflow.provider)) + " file ";
    out << style(kind + plain(workflow.path), "1") << '\n';
    for (const auto& job : workflow.jobs) {
      write_job(out, job, style, options.width);
    }
    out << '\n';
  }

  if (plans > 0) {
    out << detail::plural(plans, "workflow publishes", "workflows publish")
        << " to npm; run `npm-token-scan scan` for " << (plans == 1 ? "its" : "their")
        << " migration plan.\n\n";
  }

  auto counts = detail::count(report);
  auto& by_severity = counts.by_severity;
  std::size_t publishing = counts.publishing_jobs;
  std::size_t errors = counts.errors;
  out << report.findings.size() << (report.findings.size() == 1 ? " finding" : " findings");
  if (!report.findings.empty()) {
    std::string parts;
    for (auto severity : {core::Severity::high, core::Severity::medium, core::Severity::low,
                          core::Severity::info}) {
      if (by_severity[severity] > 0) {
        parts += (parts.empty() ? "" : ", ") + std::to_string(by_severity[severity]) + " " +
                 std::string(core::to_string(severity));
      }
    }
    out << " (" << parts << ")";
  }
  out << " in " << report.stats.files_scanned
      << (report.stats.files_scanned == 1 ? " file" : " files");
  out << "; " << report.workflows.size()
      << (report.workflows.size() == 1 ? " workflow" : " workflows");
  if (publishing > 0) {
    std::string parts;
    for (const auto& [auth, count] : counts.by_auth) {
      parts += (parts.empty() ? "" : ", ") + std::to_string(count) + " " +
               std::string(core::to_string(auth));
    }
    out << ", " << publishing << " publishing " << (publishing == 1 ? "job" : "jobs") << " ("
        << parts << ")";
  }
  if (counts.unknown_jobs > 0) {
    out << ", " << counts.unknown_jobs << " possibly publishing (unknown)";
  }
  if (report.stats.ignored_by_config > 0) {
    // Suppression stays visible: a clean summary never hides what a config left out.
    out << "; " << report.stats.ignored_by_config << " ignored by .npm-token-scan.yaml";
  }
  if (report.stats.inline_ignored > 0) {
    out << "; " << report.stats.inline_ignored << " ignored by inline comments";
  }
  if (errors > 0) {
    out << "; " << errors << (errors == 1 ? " error" : " errors") << " (see stderr)";
  }
  out << '\n';
}

constexpr util::EnumTable<Format, 6> k_formats{{{
    {Format::text, "text"},
    {Format::json, "json"},
    {Format::sarif, "sarif"},
    {Format::github, "github"},
    {Format::markdown, "markdown"},
    {Format::csv, "csv"},
}}};

std::optional<Format> parse_format(std::string_view name) {
  return k_formats.parse(name);
}

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names = k_formats.names();
  return names;
}

void write_report(std::ostream& out, Format format, const core::ScanReport& report,
                  const RenderOptions& options) {
  switch (format) {
    case Format::text:
      write_text(out, report, options);
      return;
    case Format::json:
      write_json(out, report, options);
      return;
    case Format::sarif:
      write_sarif(out, report, options);
      return;
    case Format::github:
      write_github(out, report, options);
      return;
    case Format::markdown:
      write_markdown(out, report, options);
      return;
    case Format::csv:
      write_csv(out, report, options);
      return;
  }
}

}  // namespace nts::report
