// The org dashboard: one self-contained HTML file (inline CSS and a few lines of
// inline JS for sorting; no external assets, readable from file://). Every
// string from a repository (URLs, paths, messages, blockers) goes through
// html_escape(): a repository name is attacker-controlled input. The CSP forbids
// anything but the inline style and script, as a second line of defence.
#include <set>
#include <sstream>
#include <string_view>

#include "org/aggregate.hpp"
#include "report/escape.hpp"

namespace nts::org {

using nlohmann::ordered_json;
using report::html_escape;

namespace {

const char* k_style = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 16px}h2{font-size:17px;margin:28px 0 8px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:24px}
.bar{display:flex;height:18px;border-radius:9px;overflow:hidden;background:#eaeef2;margin:12px 0;max-width:640px}
.bar span{display:block}.token{background:#cf222e}.hybrid{background:#bf8700}.oidc{background:#1a7f37}
.legend span{margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
table{border-collapse:collapse;margin-top:6px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;cursor:pointer;user-select:none}th:after{content:" \2195";color:#8c959f}
td.n{text-align:right}code{font-size:12px}.error{color:#cf222e}
)";

// Click a header to sort by that column; numbers sort as numbers.
const char* k_script = R"(
document.querySelectorAll("table.sortable th").forEach(function(th,i){th.addEventListener("click",function(){
var t=th.closest("table"),b=t.tBodies[0],r=Array.from(b.rows),d=th.dataset.dir==="asc"?-1:1;th.dataset.dir=d>0?"asc":"desc";
r.sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i].textContent,p=parseFloat(a),q=parseFloat(c);
return (isNaN(p)||isNaN(q)?a.localeCompare(c):p-q)*d;});r.forEach(function(row){b.appendChild(row);});});});
)";

void card(std::ostream& out, const char* id, const char* label, long value) {
  out << "<div class=\"card\"><b id=\"" << id << "\">" << value << "</b>" << label << "</div>";
}

}  // namespace

void write_org_html(std::ostream& out, const ordered_json& report) {
  const auto& summary = report["summary"];
  const auto& jobs = summary["publishing_jobs"];
  long token = jobs["token"].get<long>();
  long hybrid = jobs["hybrid"].get<long>();
  long oidc = jobs["oidc"].get<long>();
  long unknown = jobs.value("unknown", 0L);
  long publishing = token + hybrid + oidc;
  long percent = publishing == 0 ? 0 : (oidc * 100) / publishing;
  const auto repositories = report.value("repositories", ordered_json::array());

  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
      << "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      << "<title>npm-token-scan: organisation migration report</title><style>" << k_style
      << "</style></head><body>\n<h1>npm publishing: migration to trusted publishing</h1>\n"
      << "<div class=\"cards\">";
  card(out, "repositories", "repositories", summary["repositories"].get<long>());
  card(out, "failed", "failed to scan", summary["failed"].get<long>());
  card(out, "jobs-token", "publishing jobs with a token", token);
  card(out, "jobs-hybrid", "hybrid (OIDC with token fallback)", hybrid);
  card(out, "jobs-oidc", "trusted publishing (OIDC)", oidc);
  card(out, "jobs-unknown", "may publish (unknown: the publish is not visible)", unknown);
  card(out, "leaks", "leaked secrets", summary["leaks"].get<long>());
  // Leaks a repository's own config left out: a config that hides leaks shows here.
  card(out, "suppressed-leaks", "leaks left out by repository configs",
       summary["suppressed"]["leaks"].get<long>());
  out << "</div>\n<h2>Migration progress: <span id=\"progress\">" << percent
      << "%</span> of publishing jobs use OIDC only</h2>\n<div class=\"bar\">";
  for (auto [cls, value] : {std::pair{"token", token}, {"hybrid", hybrid}, {"oidc", oidc}}) {
    if (publishing > 0 && value > 0) {
      out << "<span class=\"" << cls << "\" style=\"width:" << (value * 100.0 / publishing)
          << "%\"></span>";
    }
  }
  out << "</div><div class=\"legend\"><span><i class=\"token\"></i>token</span>"
         "<span><i class=\"hybrid\"></i>hybrid</span><span><i "
         "class=\"oidc\"></i>OIDC</span></div>\n";

  out << "<h2>Publishing repositories</h2>\n<table class=\"sortable\" id=\"publishing\"><thead><tr>"
         "<th>Repository</th><th>Token</th><th>Hybrid</th><th>OIDC</th><th>Unknown</th><th>Ready</"
         "th>"
         "<th>Needs changes</th><th>Blocked</th><th>Blockers</th></tr></thead><tbody>\n";
  for (const auto& entry : repositories) {
    auto stats = repo_stats(entry);
    if (stats.token + stats.hybrid + stats.oidc + stats.unknown == 0) {
      continue;
    }
    std::set<std::string> blockers;
    for (const auto& workflow : entry.value("workflows", ordered_json::array())) {
      for (const auto& job : workflow.value("jobs", ordered_json::array())) {
        for (const auto& blocker : job.value("blockers", ordered_json::array())) {
          blockers.insert(blocker.is_string() ? blocker.get<std::string>() : std::string());
        }
      }
    }
    out << "<tr><td>" << html_escape(text_member(entry, "repository")) << "</td><td class=\"n\">"
        << stats.token << "</td><td class=\"n\">" << stats.hybrid << "</td><td class=\"n\">"
        << stats.oidc << "</td><td class=\"n\">" << stats.unknown << "</td><td class=\"n\">"
        << stats.ready << "</td><td class=\"n\">" << stats.needs_changes << "</td><td class=\"n\">"
        << stats.blocked << "</td><td>";
    bool first = true;
    for (const auto& blocker : blockers) {
      out << (first ? "" : "; ") << html_escape(blocker);
      first = false;
    }
    out << "</td></tr>\n";
  }
  out << "</tbody></table>\n";

  out << "<h2>Leaked secrets</h2>\n<table class=\"sortable\" id=\"leaks-table\"><thead><tr>"
         "<th>Repository</th><th>Path</th><th>Line</th><th>Rule</th><th>Secret</th>"
         "<th>Introduced by</th><th>Still present</th></tr></thead><tbody>\n";
  for (const auto& entry : repositories) {
    for (const auto& finding : entry.value("findings", ordered_json::array())) {
      if (!is_leak(text_member(finding, "severity"), text_member(finding, "secret"))) {
        continue;
      }
      out << "<tr><td>" << html_escape(text_member(entry, "repository")) << "</td><td>"
          << html_escape(text_member(finding, "path")) << "</td><td class=\"n\">"
          << finding.value("line", 0) << "</td><td>" << html_escape(text_member(finding, "rule"))
          << "</td><td><code>" << html_escape(text_member(finding, "secret"))
          << "</code></td><td><code>" << html_escape(text_member(finding, "commit"))
          << "</code></td><td>" << (finding.value("still_present", true) ? "yes" : "no")
          << "</td></tr>\n";
    }
  }
  out << "</tbody></table>\n";

  out << "<h2>All repositories</h2>\n<table class=\"sortable\" id=\"all\"><thead><tr>"
         "<th>Repository</th><th>Status</th><th>Head</th><th>Findings</th><th>Workflows</th>"
         "<th>Suppressed findings</th><th>Suppressed leaks</th><th>Error</th></tr></thead>"
         "<tbody>\n";
  for (const auto& entry : repositories) {
    auto stats = repo_stats(entry);
    bool ok = text_member(entry, "status") == "ok";
    out << "<tr><td>" << html_escape(text_member(entry, "repository")) << "</td><td"
        << (ok ? "" : " class=\"error\"") << ">" << html_escape(text_member(entry, "status"))
        << "</td><td><code>" << html_escape(text_member(entry, "head").substr(0, 12))
        << "</code></td><td class=\"n\">" << stats.findings << "</td><td class=\"n\">"
        << entry.value("workflows", ordered_json::array()).size() << "</td><td class=\"n\">"
        << stats.suppressed_findings << "</td><td class=\"n\">" << stats.suppressed_leaks
        << "</td><td>" << html_escape(text_member(entry, "error")) << "</td></tr>\n";
  }
  out << "</tbody></table>\n<p>Generated by npm-token-scan "
      << html_escape(text_member(report["tool"], "version")) << ".</p>\n<script>" << k_script
      << "</script></body></html>\n";
}

}  // namespace nts::org
