// CSV and Markdown forms of the org report: one row per repository, for
// spreadsheets and for pasting into an issue. Every cell is repository-controlled
// text (URLs, paths, messages) and is escaped for its format.
#include <string_view>

#include "org/aggregate.hpp"

namespace nts::org {

using nlohmann::ordered_json;

namespace {

// RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula.
std::string csv(std::string_view text) {
  std::string cell(text);
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n'") == std::string::npos) {
    return cell;
  }
  std::string out = "\"";
  for (char c : cell) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

// Plain text in a GFM table cell: no markup, no HTML, no line breaks.
std::string md(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\n':
      case '\r':
        out += ' ';
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '!':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string text_of(const ordered_json& value) {
  return value.is_string() ? value.get<std::string>() : std::string();
}

}  // namespace

void write_org_csv(std::ostream& out, const ordered_json& report) {
  out << "repository,status,head,publishing_token,publishing_hybrid,publishing_oidc,"
         "ready,needs_changes,blocked,leaks,findings,error,possibly_publishing\r\n";
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    auto stats = repo_stats(entry);
    out << csv(text_of(entry["repository"])) << ',' << csv(text_of(entry["status"])) << ','
        << csv(text_of(entry["head"])) << ',' << stats.token << ',' << stats.hybrid << ','
        << stats.oidc << ',' << stats.ready << ',' << stats.needs_changes << ',' << stats.blocked
        << ',' << stats.leaks << ',' << stats.findings << ',' << csv(text_of(entry["error"])) << ','
        << stats.unknown << "\r\n";
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
      << "- Leaked secrets: " << summary["leaks"].get<int>() << "\n\n"
      << "| Repository | Status | Token | Hybrid | OIDC | Unknown | Blocked | Leaks | Findings |\n"
      << "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    auto stats = repo_stats(entry);
    std::string status = text_of(entry["status"]);
    if (status != "ok") {
      status += ": " + text_of(entry["error"]);
    }
    out << "| " << md(text_of(entry["repository"])) << " | " << md(status) << " | " << stats.token
        << " | " << stats.hybrid << " | " << stats.oidc << " | " << stats.unknown << " | "
        << stats.blocked << " | " << stats.leaks << " | " << stats.findings << " |\n";
  }
  bool heading = false;
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    for (const auto& finding : entry.value("findings", ordered_json::array())) {
      if (text_of(finding["secret"]).empty() || text_of(finding["severity"]) != "high") {
        continue;
      }
      if (!heading) {
        out << "\n## Leaked secrets\n\n| Repository | Path | Line | Secret | Introduced by | Still "
               "present |\n|---|---|---:|---|---|---|\n";
        heading = true;
      }
      out << "| " << md(text_of(entry["repository"])) << " | " << md(text_of(finding["path"]))
          << " | " << finding.value("line", 0) << " | " << md(text_of(finding["secret"])) << " | "
          << md(text_of(finding["commit"])) << " | "
          << (finding.value("still_present", true) ? "yes" : "no") << " |\n";
    }
  }
}

}  // namespace nts::org
