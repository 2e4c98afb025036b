#include "org/aggregate.hpp"

#include <algorithm>
#include <map>

#include "core/severity.hpp"
#include "core/verdict.hpp"
#include "report/report.hpp"
#include "util/enum_table.hpp"

namespace nts::org {

using nlohmann::ordered_json;

bool is_leak(std::string_view severity, std::string_view secret) {
  return severity == "high" && !secret.empty();
}

RepoStats repo_stats(const ordered_json& entry) {
  RepoStats stats;
  for (const auto& workflow : entry.value("workflows", ordered_json::array())) {
    for (const auto& job : workflow.value("jobs", ordered_json::array())) {
      // Stored reports and shards are read back: a wrongly typed field counts as nothing.
      auto publishes = report::publishes_from_json(job.value("publishes_npm", ordered_json(false)));
      stats.unknown += publishes == core::Publishes::unknown;
      if (publishes != core::Publishes::yes) {
        continue;
      }
      auto field = [&job](const char* key) {
        auto it = job.find(key);
        return it != job.end() && it->is_string() ? it->get<std::string>() : std::string();
      };
      auto auth = core::parse_auth(field("auth"));
      stats.token += auth == core::Auth::token;
      stats.hybrid += auth == core::Auth::hybrid;
      stats.oidc += auth == core::Auth::oidc;
      auto readiness = core::parse_readiness(field("trusted_publishing"));
      stats.ready += readiness == core::Readiness::ready;
      stats.needs_changes += readiness == core::Readiness::needs_changes;
      stats.blocked += readiness == core::Readiness::blocked;
    }
  }
  if (auto suppressed = entry.find("suppressed"); suppressed != entry.end()) {
    stats.suppressed_findings = suppressed->value("findings", 0);
    stats.suppressed_leaks = suppressed->value("leaks", 0);
  }
  for (const auto& finding : entry.value("findings", ordered_json::array())) {
    ++stats.findings;
    if (is_leak(text_member(finding, "severity"), text_member(finding, "secret"))) {
      ++stats.leaks;
    }
  }
  return stats;
}

std::string text_member(const ordered_json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

namespace {

ordered_json report_from_entries(std::vector<ordered_json> entries, const std::string& version) {
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a["repository"].template get<std::string>() <
           b["repository"].template get<std::string>();
  });
  std::size_t count = entries.size();
  int failed = 0;
  RepoStats total;
  for (const auto& entry : entries) {
    failed += entry.value("status", "error") != "ok";
    auto stats = repo_stats(entry);
    total.token += stats.token;
    total.hybrid += stats.hybrid;
    total.oidc += stats.oidc;
    total.unknown += stats.unknown;
    total.leaks += stats.leaks;
    total.suppressed_findings += stats.suppressed_findings;
    total.suppressed_leaks += stats.suppressed_leaks;
  }
  ordered_json repositories = ordered_json::array();
  for (auto& entry : entries) {
    repositories.push_back(std::move(entry));
  }
  return ordered_json{
      {"version", 1},
      {"tool", {{"name", "npm-token-scan"}, {"version", version}}},
      {"repositories", std::move(repositories)},
      {"summary",
       {{"repositories", count},
        {"failed", failed},
        {"publishing_jobs",
         {{"token", total.token},
          {"hybrid", total.hybrid},
          {"oidc", total.oidc},
          {"unknown", total.unknown}}},
        {"leaks", total.leaks},
        {"suppressed",
         {{"findings", total.suppressed_findings}, {"leaks", total.suppressed_leaks}}}}},
  };
}

}  // namespace

ordered_json org_report(std::vector<RepoResult> results, const std::string& tool_version) {
  std::vector<ordered_json> entries;
  entries.reserve(results.size());
  for (auto& result : results) {
    entries.push_back(to_json(std::move(result)));
  }
  return report_from_entries(std::move(entries), tool_version);
}

core::Result<ordered_json> merge_reports(
    const std::vector<std::pair<std::string, ordered_json>>& reports,
    const std::string& tool_version) {
  std::map<std::string, ordered_json> by_repository;
  for (const auto& [name, report] : reports) {
    if (!report.is_object() || report.value("version", 0) != 1 ||
        !report.contains("repositories") || !report["repositories"].is_array()) {
      return core::Error{"not an org report (version 1 with a repositories list)",
                         core::Location{name, 0, 0},
                         "merge takes the JSON output of 'npm-token-scan org --format json'",
                         {}};
    }
    std::size_t index = 0;
    for (const auto& entry : report["repositories"]) {
      try {
        auto result = repo_result_from_json(entry);  // validates every field the writers read
        by_repository[result.repository] = entry;
      } catch (const std::exception& e) {
        return core::Error{
            "malformed repository entry /repositories/" + std::to_string(index) + ": " + e.what(),
            core::Location{name, 0, 0},
            "merge takes the JSON output of 'npm-token-scan org --format json'; "
            "regenerate this shard's report",
            {}};
      }
      ++index;
    }
  }
  std::vector<ordered_json> entries;
  for (auto& [repository, entry] : by_repository) {
    entries.push_back(std::move(entry));
  }
  return report_from_entries(std::move(entries), tool_version);
}

constexpr util::EnumTable<OrgFormat, 6> k_org_formats{{{
    {OrgFormat::json, "json"},
    {OrgFormat::csv, "csv"},
    {OrgFormat::markdown, "markdown"},
    {OrgFormat::html, "html"},
    {OrgFormat::jobs_csv, "jobs-csv"},
    {OrgFormat::jobs_markdown, "jobs-markdown"},
}}};

const std::vector<std::string>& org_format_names() {
  static const std::vector<std::string> names = k_org_formats.names();
  return names;
}

OrgFormat parse_org_format(const std::string& name) {
  return k_org_formats.parse(name).value_or(OrgFormat::json);
}

void write_org_report(std::ostream& out, OrgFormat format, const ordered_json& report) {
  switch (format) {
    case OrgFormat::json:
      write_org_json(out, report);
      break;
    case OrgFormat::csv:
      write_org_csv(out, report);
      break;
    case OrgFormat::markdown:
      write_org_markdown(out, report);
      break;
    case OrgFormat::html:
      write_org_html(out, report);
      break;
    case OrgFormat::jobs_csv:
      write_org_jobs_csv(out, report);
      break;
    case OrgFormat::jobs_markdown:
      write_org_jobs_markdown(out, report);
      break;
  }
}

void write_org_json(std::ostream& out, const ordered_json& report) {
  // Straight into the stream (what dump() does, without building the whole
  // report as one string first: it is written after every scan has finished,
  // so it is time no other core can share). Paths from a repository may hold
  // invalid UTF-8: replace, never throw.
  nlohmann::detail::serializer<ordered_json> serializer(
      nlohmann::detail::output_adapter<char>(out), ' ', ordered_json::error_handler_t::replace);
  serializer.dump(report, true, false, 2);
  out << '\n';
}

bool has_finding_at_or_above(const ordered_json& report, const std::string& threshold) {
  if (threshold == "never") {
    return false;
  }
  auto limit = core::parse_severity(threshold).value_or(core::Severity::high);
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    for (const auto& finding : entry.value("findings", ordered_json::array())) {
      auto severity = core::parse_severity(finding.value("severity", "info"));
      if (severity && *severity >= limit) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace nts::org
