// The org dashboard: one self-contained HTML file (inline CSS and one inline
// script; no external assets, readable from file://). Every string from a
// repository (names, URLs, paths, messages, blockers, advice) goes through
// html_escape(), in element content and in quoted attributes alike: a
// repository name is attacker-controlled input. No repository text ever
// enters the script: it reads what it filters and sorts from the DOM. The CSP
// allows that one script by its SHA-256 and nothing else (no inline handlers,
// no other script, no network), as a second line of defence.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "org/aggregate.hpp"
#include "org/jobs.hpp"
#include "report/escape.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace nts::org {

using nlohmann::ordered_json;
using report::html_escape;

namespace {

const char* k_style = R"(
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:16px 24px;max-width:1600px;color:#1f2328;background:#fff;overflow-wrap:break-word}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#59636e;margin:0 0 14px}
.deadline{border:2px solid #cf222e;border-radius:8px;padding:10px 14px;background:#fff8f8;margin:0 0 16px}
.deadline b{font-size:18px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:24px}
.bar{display:flex;height:18px;border-radius:9px;overflow:hidden;background:#eaeef2;margin:12px 0;max-width:640px}
.bar span{display:block}.token{background:#cf222e}.hybrid{background:#bf8700}.oidc{background:#1a7f37}
.legend span{margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
.filter{position:sticky;top:0;background:#fff;padding:8px 0;z-index:1;display:flex;flex-wrap:wrap;gap:8px;align-items:center}
#filter{flex:1 1 260px;max-width:520px;font:inherit;padding:6px 10px;border:1px solid #8c959f;border-radius:6px}
.kinds{display:flex;flex-wrap:wrap;gap:6px;padding:0;margin:0;list-style:none}
.kind{font:inherit;border:1px solid #d0d7de;border-radius:14px;background:#f6f8fa;padding:2px 10px;cursor:pointer;text-align:left}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin-top:6px;width:100%}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;cursor:pointer;user-select:none}th:after{content:" \2195";color:#8c959f}
td.n{text-align:right}code{font-size:12px}.error{color:#cf222e}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0;background:#f6f8fa;padding:4px 6px;border-radius:4px;font-size:12px}
details ol{margin:4px 0;padding-left:20px}
details.section>summary{cursor:pointer}details.section>summary h2{display:inline-block;margin:20px 0 8px}
#jobs{table-layout:fixed}
.path{color:#59636e;font-size:12px}
[hidden]{display:none!important}
@media (max-width:720px){
body{padding:10px}
.card{min-width:0;flex:1 1 40%}
table.stack thead{display:none}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack tr{border:1px solid #d0d7de;border-radius:6px;margin:0 0 8px;padding:4px 8px}
table.stack td{border:none;padding:2px 0;text-align:left;overflow-wrap:anywhere}
)";

// Filter (every word must appear in a row's summary cells; #q=… in the URL
// fills it in, so a filtered view can be sent to a team), the blocker kinds
// as one-click filters, and sorting by a column (natural order; numbers as
// numbers). Reads everything from the DOM: no repository text is in here.
const char* k_script = R"(
(function(){
var box=document.getElementById("filter"),rows=[].slice.call(document.querySelectorAll("tbody tr"));
rows.forEach(function(r){var n=+(r.parentNode.parentNode.dataset.keycells||r.cells.length),t="";
for(var i=0;i<n&&i<r.cells.length;i++)t+=" "+r.cells[i].textContent;r.key=t.toLowerCase();});
function count(id){var t=document.getElementById(id);if(!t)return;var all=t.tBodies[0].rows,v=0;
for(var i=0;i<all.length;i++)if(!all[i].hidden)v++;var o=document.getElementById(id+"-shown");if(o)o.textContent=v;}
function apply(){var words=box.value.toLowerCase().split(/\s+/).filter(Boolean);
rows.forEach(function(r){var h=!words.every(function(w){return r.key.indexOf(w)>=0;});if(r.hidden!==h)r.hidden=h;});
["jobs","publishing","leaks-table","all"].forEach(count);}
box.addEventListener("input",function(){apply();try{history.replaceState(null,"",box.value?"#q="+encodeURIComponent(box.value):location.pathname);}catch(e){}});
document.querySelectorAll("button.kind").forEach(function(b){b.addEventListener("click",function(){box.value=b.dataset.q;apply();});});
if(location.hash.indexOf("#q=")===0){try{box.value=decodeURIComponent(location.hash.slice(3));}catch(e){}}
apply();
var by=new Intl.Collator(undefined,{numeric:true,sensitivity:"base"});
document.querySelectorAll("table.sortable th").forEach(function(th,i){th.addEventListener("click",function(){
var t=th.closest("table"),b=t.tBodies[0],r=[].slice.call(b.rows),d=th.dataset.dir==="asc"?-1:1;th.dataset.dir=d>0?"asc":"desc";
var num=th.classList.contains("n");
r.sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i].textContent;
return (num?(parseFloat(a)||0)-(parseFloat(c)||0):by.compare(a,c))*d;});
var f=document.createDocumentFragment();r.forEach(function(row){f.appendChild(row);});b.appendChild(f);});});
})();
)";

void card(std::ostream& out, const char* id, const char* label, long value) {
  out << "<div class=\"card\"><b id=\"" << id << "\">" << value << "</b>" << label << "</div>";
}

void cell(std::ostream& out, const std::string& escaped_html, const char* cls = nullptr) {
  out << "<td" << (cls ? " class=\"" : "") << (cls ? cls : "") << (cls ? "\"" : "") << ">"
      << escaped_html << "</td>";
}

struct Column {
  const char* label;
  bool numeric = false;
  int width = 0;  // percent of a fixed-layout table
};
struct Table {
  const char* id;
  std::vector<Column> columns;
};
const Table k_jobs{
    "jobs",
    {{"Repository"}, {"Workflow"}, {"Job"}, {"Auth"}, {"Readiness"}, {"Blockers"}, {"Migration"}}};
const Table k_publishing{"publishing",
                         {{"Repository"},
                          {"Token", true},
                          {"Hybrid", true},
                          {"OIDC", true},
                          {"Unknown", true},
                          {"Ready", true},
                          {"Needs changes", true},
                          {"Blocked", true},
                          {"Blockers"}}};
const Table k_leaks{"leaks-table",
                    {{"Repository"},
                     {"Path"},
                     {"Line", true},
                     {"Rule"},
                     {"Secret"},
                     {"Introduced by"},
                     {"Still present"}}};
const Table k_all{"all",
                  {{"Repository"},
                   {"Status"},
                   {"Head"},
                   {"Findings", true},
                   {"Workflows", true},
                   {"Suppressed findings", true},
                   {"Suppressed leaks", true},
                   {"Scanned"},
                   {"Error"}}};

// `<table>` and its header row; `key_cells`: how many leading cells the filter reads.
void table_head(std::ostream& out, const Table& table, int key_cells = 0) {
  out << "<div class=\"scroll\"><table class=\"sortable stack\" id=\"" << table.id << "\"";
  if (key_cells > 0) {
    out << " data-keycells=\"" << key_cells << "\"";
  }
  out << ">";
  if (table.columns.front().width > 0) {
    out << "<colgroup>";
    for (const auto& column : table.columns) {
      out << "<col style=\"width:" << column.width << "%\">";
    }
    out << "</colgroup>";
  }
  out << "<thead><tr>";
  for (const auto& column : table.columns) {
    out << (column.numeric ? "<th class=\"n\">" : "<th>") << column.label << "</th>";
  }
  out << "</tr></thead><tbody>\n";
}

// On a phone the rows stack and each cell says its column: one CSS rule per
// column (not an attribute per cell: 1,000 repositories are 25,000 cells).
std::string stacked_labels(const std::vector<const Table*>& tables) {
  std::string css;
  for (const auto* table : tables) {
    for (std::size_t i = 0; i < table->columns.size(); ++i) {
      css += "#" + std::string(table->id) + " td:nth-child(" + std::to_string(i + 1) +
             "):before{content:\"" + table->columns[i].label + ": \";font-weight:600}\n";
    }
  }
  return css;
}

std::string code(const std::string& text) {
  return "<code>" + html_escape(text) + "</code>";
}

// The repository as reports name it (owner/name), with what was scanned (URL
// or path) as a tooltip when it differs.
std::string repository_cell(const std::string& name, const std::string& repository) {
  if (name == repository || repository.empty()) {
    return html_escape(name);
  }
  return "<span title=\"" + html_escape(repository) + "\">" + html_escape(name) + "</span>";
}

template <typename Strings>
std::string joined_escaped(const Strings& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + html_escape(item);
  }
  return out;
}

// "2026-12-02T10:04:05Z" -> "2026-12-02 10:04 UTC".
std::string readable_time(const std::string& iso) {
  if (iso.size() < 16 || iso[10] != 'T') {
    return iso;
  }
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

void write_header(std::ostream& out, const ordered_json& report) {
  auto [first, last] = scan_period(report);
  out << "<h1>npm publishing: migration to trusted publishing</h1>\n<p class=\"meta\">";
  if (first.empty()) {
    out << "Scan time not recorded";
  } else if (first.substr(0, 16) == last.substr(0, 16)) {
    out << "Scanned <time id=\"scanned\" datetime=\"" << html_escape(first) << "\">"
        << html_escape(readable_time(first)) << "</time>";
  } else {
    out << "Scanned <time id=\"scanned\" datetime=\"" << html_escape(first) << "\">"
        << html_escape(readable_time(first)) << "</time> to <time datetime=\"" << html_escape(last)
        << "\">" << html_escape(readable_time(last)) << "</time>";
  }
  out << " by npm-token-scan <span id=\"tool-version\">"
      << html_escape(text_member(report.value("tool", ordered_json::object()), "version"))
      << "</span>.</p>\n";
}

void write_deadline(std::ostream& out, const MigrationDeadline& deadline) {
  if (!deadline.days_left) {
    return;
  }
  long days = *deadline.days_left;
  out << "<section class=\"deadline\" id=\"deadline\">";
  if (days >= 0) {
    out << "<b id=\"days-left\">" << days << "</b> days until npm stops direct publishing with "
        << "bypass-2FA tokens (<time datetime=\"" << html_escape(deadline.date) << "\">"
        << html_escape(deadline.date) << "</time>): ";
  } else {
    out << "npm stopped direct publishing with bypass-2FA tokens <b id=\"days-left\">" << days
        << "</b> days ago (" << html_escape(deadline.date) << "): ";
  }
  out << "<b id=\"jobs-breaking\">" << deadline.token_jobs
      << "</b> publishing jobs use a token only and break then; <b id=\"jobs-fallback\">"
      << deadline.hybrid_jobs
      << "</b> hybrid jobs fall back to a token when OIDC is not configured. Until then, "
      << html_escape(deadline.write_token_text)
      << ": each token job also breaks whenever its token expires and is not replaced.</section>\n";
}

void write_jobs(std::ostream& out, const std::vector<JobRow>& rows) {
  out << "<h2>Publishing jobs (<span id=\"jobs-shown\">" << rows.size() << "</span> of "
      << rows.size() << " shown)</h2>\n";
  table_head(out, k_jobs, 6);
  for (const auto& row : rows) {
    out << "<tr>";
    cell(out, repository_cell(row.name, row.repository));
    cell(out, code(row.workflow) + html_escape(provider_suffix(row)));
    cell(out, code(row.job));
    cell(out, row.publish_unknown ? "may publish (unknown)" : html_escape(row.auth),
         row.auth == "token" && !row.publish_unknown ? "error" : nullptr);
    cell(out, html_escape(row.readiness));
    cell(out, joined_escaped(row.blockers, "; "));
    std::ostringstream plan;
    if (!row.steps.empty() || !row.commands.empty()) {
      plan << "<details><summary>" << row.steps.size() << " steps</summary><ol>";
      for (const auto& step : row.steps) {
        plan << "<li>" << html_escape(step) << "</li>";
      }
      plan << "</ol>";
      for (const auto& command : row.commands) {
        plan << "<pre><code>" << html_escape(command) << "</code></pre>";
      }
      plan << "</details>";
    }
    cell(out, plan.str());
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n";
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
  auto rows = job_rows(report);
  auto digest = util::sha256(k_script);
  std::string script_hash =
      util::encode_base64(std::string_view(reinterpret_cast<const char*>(digest.data()), 32));

  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'sha256-"
      << script_hash << "'; base-uri 'none'; form-action 'none'\">"
      << "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      << "<title>npm-token-scan: organisation migration report</title><style>" << k_style
      << "@media (max-width:720px){\n"
      << stacked_labels({&k_jobs, &k_publishing, &k_leaks, &k_all}) << "}\n</style></head><body>\n";
  write_header(out, report);
  write_deadline(out, migration_deadline(rows));
  out << "<div class=\"cards\">";
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

  out << "<div class=\"filter\"><input type=\"search\" id=\"filter\" autocomplete=\"off\" "
         "placeholder=\"Filter: repository, workflow, job, auth, blocker\" "
         "aria-label=\"Filter the tables\"></div>\n";
  auto groups = blocker_groups(rows);
  out << "<h2>Blockers by kind</h2>\n<ul class=\"kinds\" id=\"blocker-groups\">";
  for (const auto& [kind, count] : groups) {
    out << "<li><button type=\"button\" class=\"kind\" data-q=\"" << html_escape(kind)
        << "\"><span class=\"kind-name\">" << html_escape(kind)
        << "</span> × <b class=\"kind-count\">" << count << "</b></button></li>";
  }
  if (groups.empty()) {
    out << "<li>none</li>";
  }
  out << "</ul>\n";
  write_jobs(out, rows);

  // Collapsed: the job table above is the working view; closed, these
  // 1,000-row tables cost nothing to lay out until someone opens them.
  out << "<details class=\"section\"><summary><h2>Publishing repositories (<span "
         "id=\"publishing-shown\"></span> "
         "shown)</h2></summary>\n";
  table_head(out, k_publishing);
  // Entries arrive sorted by the string given; shown in natural order of their names.
  std::vector<const ordered_json*> by_name;
  for (const auto& entry : repositories) {
    by_name.push_back(&entry);
  }
  std::stable_sort(by_name.begin(), by_name.end(), [](const auto* a, const auto* b) {
    return natural_less(repository_name(*a), repository_name(*b));
  });
  std::map<std::string, std::set<std::string>> blockers_by_repository;
  for (const auto& row : rows) {
    blockers_by_repository[row.repository].insert(row.blockers.begin(), row.blockers.end());
  }
  for (const auto* entry : by_name) {
    auto stats = repo_stats(*entry);
    if (stats.token + stats.hybrid + stats.oidc + stats.unknown == 0) {
      continue;
    }
    const auto& blockers = blockers_by_repository[text_member(*entry, "repository")];
    out << "<tr>";
    cell(out, repository_cell(repository_name(*entry), text_member(*entry, "repository")));
    for (int value : {stats.token, stats.hybrid, stats.oidc, stats.unknown, stats.ready,
                      stats.needs_changes, stats.blocked}) {
      cell(out, std::to_string(value), "n");
    }
    cell(out, joined_escaped(blockers, "; "));
    out << "</tr>\n";
  }
  out << "</tbody></table></div></details>\n";

  out << "<h2>Leaked secrets (<span id=\"leaks-table-shown\"></span> shown)</h2>\n";
  table_head(out, k_leaks);
  for (const auto* entry : by_name) {
    for (const auto& finding : entry->value("findings", ordered_json::array())) {
      if (!is_leak(text_member(finding, "severity"), text_member(finding, "secret"))) {
        continue;
      }
      out << "<tr>";
      cell(out, repository_cell(repository_name(*entry), text_member(*entry, "repository")));
      cell(out, html_escape(text_member(finding, "path")));
      cell(out, std::to_string(finding.value("line", 0)), "n");
      cell(out, html_escape(text_member(finding, "rule")));
      cell(out, code(text_member(finding, "secret")));
      cell(out, code(text_member(finding, "commit")));
      cell(out, finding.value("still_present", true) ? "yes" : "no");
      out << "</tr>\n";
    }
  }
  out << "</tbody></table></div>\n";

  // Collapsed: the job table above is the working view; closed, these
  // 1,000-row tables cost nothing to lay out until someone opens them.
  out << "<details class=\"section\"><summary><h2>All repositories (<span id=\"all-shown\"></span> "
         "shown)</h2></summary>\n";
  table_head(out, k_all);
  for (const auto* entry : by_name) {
    auto stats = repo_stats(*entry);
    bool ok = text_member(*entry, "status") == "ok";
    std::string repository = text_member(*entry, "repository");
    std::string name = repository_name(*entry);
    out << "<tr>";
    cell(out,
         repository_cell(name, repository) +
             (name == repository ? ""
                                 : "<div class=\"path\">" + html_escape(repository) + "</div>"));
    cell(out, html_escape(text_member(*entry, "status")), ok ? nullptr : "error");
    cell(out, code(text_member(*entry, "head").substr(0, 12)));
    cell(out, std::to_string(stats.findings), "n");
    cell(out, std::to_string(entry->value("workflows", ordered_json::array()).size()), "n");
    cell(out, std::to_string(stats.suppressed_findings), "n");
    cell(out, std::to_string(stats.suppressed_leaks), "n");
    cell(out, html_escape(readable_time(text_member(*entry, "scanned_at"))));
    cell(out, html_escape(text_member(*entry, "error")));
    out << "</tr>\n";
  }
  out << "</tbody></table></div></details>\n<p>Generated by npm-token-scan "
      << html_escape(text_member(report.value("tool", ordered_json::object()), "version"))
      << ".</p>\n<script>" << k_script << "</script></body></html>\n";
}

}  // namespace nts::org
