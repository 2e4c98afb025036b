// SARIF 2.1.0 as GitHub code scanning ingests it
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
#include <cctype>
#include <map>

#include "report/common.hpp"
#include "report/report.hpp"
#include "util/text.hpp"

namespace nts::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* k_information_uri = "https://github.com/npm-token-scan/npm-token-scan";
// SPDX identifier of the project's license (LICENSE): SARIF's toolComponent has
// no license field, so it goes in the driver's property bag.
constexpr const char* k_license = "Apache-2.0";
constexpr const char* k_rules_doc =
    "https://github.com/npm-token-scan/npm-token-scan/blob/main/docs/rules.md#";
constexpr const char* k_fingerprint_key = "npmTokenScan/v1";

const char* level(core::Severity severity) {
  switch (severity) {
    case core::Severity::high:
      return "error";
    case core::Severity::medium:
      return "warning";
    case core::Severity::low:
    case core::Severity::info:
      return "note";
  }
  return "note";
}

// GitHub ranks alerts by this CVSS-like score: >= 9.0 critical, 4.0-6.9 medium, < 4 low.
const char* security_severity(core::Severity severity) {
  switch (severity) {
    case core::Severity::high:
      return "9.0";
    case core::Severity::medium:
      return "6.5";
    case core::Severity::low:
      return "3.0";
    case core::Severity::info:
      return "0.0";
  }
  return "0.0";
}

const char* precision(core::Confidence confidence) {
  switch (confidence) {
    case core::Confidence::high:
      return "high";
    case core::Confidence::medium:
      return "medium";
    case core::Confidence::low:
      return "low";
  }
  return "low";
}

// SARIF asks for plain-text messages to be whole sentences (validator rule SARIF2001).
std::string sentence(std::string_view text) {
  std::string out(util::trim(text));
  if (!out.empty() && out.back() != '.' && out.back() != '!' && out.back() != '?') {
    out += '.';
  }
  return out;
}

// "npm-access-token" -> "NpmAccessToken": SARIF wants `name` to be an identifier.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// A relative URI reference for a scanned path: everything but unreserved
// characters and '/' is percent-encoded, so spaces, '#', '%', '?' or control
// characters in file names cannot change what the URI points at.
std::string path_uri(std::string_view path) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xF];
    }
  }
  return out;
}

// `known`: the rule came from the loaded rules, so its engine says what it finds.
Json tags(const rules::Rule& rule, bool known) {
  Json out = Json::array({"security", "npm"});
  if (known) {
    out.push_back(rule.engine == rules::Engine::workflow ? "workflow" : "secret");
  }
  return out;
}

Json rule_descriptor(const rules::Rule& rule, bool known) {
  std::string markdown = "**" + rule.title + "**\n\n" + std::string(util::trim(rule.description)) +
                         "\n\n**What to do:** " + rule.help;
  std::string text = sentence(rule.title) + "\n\n" + std::string(util::trim(rule.description)) +
                     "\n\nWhat to do: " + sentence(rule.help);
  if (!rule.references.empty()) {
    markdown += "\n\n**References:**";
    text += "\n\nReferences:";
    for (const auto& reference : rule.references) {
      markdown += "\n- <" + reference + ">";
      text += "\n- " + reference;
    }
  }
  return {{"id", rule.id},
          {"name", pascal_case(rule.id)},
          {"shortDescription", {{"text", sentence(rule.title)}}},
          {"fullDescription", {{"text", sentence(util::trim(rule.description))}}},
          {"help", {{"text", text}, {"markdown", markdown}}},
          {"helpUri", k_rules_doc + rule.id},
          {"defaultConfiguration", {{"level", level(rule.severity)}}},
          {"properties",
           {{"security-severity", security_severity(rule.severity)},
            {"precision", precision(rule.confidence)},
            {"tags", tags(rule, known)}}}};
}

// A finding from a rule the report was not given (no RenderOptions::rules, or a
// rule produced elsewhere): described from the finding, so ruleIndex stays valid.
rules::Rule rule_from_finding(const core::Finding& finding) {
  rules::Rule rule;
  rule.id = finding.rule_id;
  rule.title = finding.rule_id;
  rule.description = finding.message;
  rule.help = finding.help;
  rule.severity = finding.severity;
  rule.confidence = finding.confidence;
  return rule;
}

Json region(const core::Location& location) {
  Json out = Json::object();
  out["startLine"] = location.line;
  if (location.column > 0) {
    out["startColumn"] = location.column;
  }
  return out;
}

Json physical_location(const core::Location& location) {
  Json physical = {
      {"artifactLocation", {{"uri", path_uri(location.path)}, {"uriBaseId", "%SRCROOT%"}}}};
  // Line 0 means the whole file: SARIF then takes no region at all.
  if (location.line > 0) {
    physical["region"] = region(location);
  }
  return {{"physicalLocation", physical}};
}

std::string result_message(const core::Finding& finding) {
  // The redacted form only (at most 6 characters of the secret): SARIF files are
  // uploaded and kept, and a region snippet would carry the whole line.
  std::string text = sentence(finding.message);
  if (!finding.secret.empty()) {
    text += " Value: " + finding.secret + ".";
  }
  if (finding.commit) {
    text +=
        " Introduced in commit " + finding.commit->substr(0, 12) +
        (finding.still_present ? "; still present." : "; deleted since, but still in the history.");
  }
  if (!finding.help.empty()) {
    text += " Fix: " + sentence(finding.help);
  }
  return text;
}

Json notifications(const std::vector<core::ScanIssue>& issues) {
  auto out = Json::array();
  for (const auto& issue : issues) {
    Json entry = {{"level", issue.kind == core::ScanIssue::Kind::error ? "error" : "note"},
                  {"message", {{"text", sentence(issue.message)}}}};
    if (!issue.path.empty()) {
      entry["locations"] =
          Json::array({physical_location(core::Location{issue.path, issue.line, 0})});
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

void write_sarif(std::ostream& out, const core::ScanReport& report, const RenderOptions& options) {
  // Every loaded rule is described (code scanning shows rules with no results
  // too); rules only the findings name are appended after them.
  std::vector<rules::Rule> described;
  if (options.rules != nullptr) {
    described = *options.rules;
  }
  const std::size_t known = described.size();
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < described.size(); ++i) {
    index.emplace(described[i].id, i);
  }
  for (const auto& finding : report.findings) {
    if (index.emplace(finding.rule_id, described.size()).second) {
      described.push_back(rule_from_finding(finding));
    }
  }
  auto rules_json = Json::array();
  for (std::size_t i = 0; i < described.size(); ++i) {
    rules_json.push_back(rule_descriptor(described[i], i < known));
  }

  auto results = Json::array();
  for (const auto& finding : report.findings) {
    Json result = {{"ruleId", finding.rule_id},
                   {"ruleIndex", index.at(finding.rule_id)},
                   {"level", level(finding.severity)},
                   {"message", {{"text", result_message(finding)}}},
                   {"locations", Json::array({physical_location(finding.location)})},
                   {"partialFingerprints", {{k_fingerprint_key, finding.fingerprint}}}};
    Json properties = {{"severity", core::to_string(finding.severity)},
                       {"confidence", core::to_string(finding.confidence)}};
    if (finding.commit) {
      properties["commit"] = *finding.commit;
      properties["still_present"] = finding.still_present;
    }
    result["properties"] = std::move(properties);
    results.push_back(std::move(result));
  }

  std::size_t errors = detail::count(report).errors;
  Json run = {
      {"tool",
       {{"driver",
         {{"name", "npm-token-scan"},
          {"version", options.tool_version},
          {"semanticVersion", options.tool_version},
          {"informationUri", k_information_uri},
          {"rules", std::move(rules_json)},
          {"properties", {{"license", k_license}}}}}}},
      {"invocations",
       Json::array({{{"executionSuccessful", errors == 0},
                     {"toolExecutionNotifications", notifications(report.issues)}}})},
      {"originalUriBaseIds",
       {{"%SRCROOT%", {{"description", {{"text", "The root of the scanned tree."}}}}}}},
      {"results", std::move(results)},
      {"columnKind", "unicodeCodePoints"},
      {"properties",
       {{"target",
         {{"path", report.target.path},
          {"mode", report.target.mode},
          {"commit", report.target.commit ? Json(*report.target.commit) : Json(nullptr)}}},
        {"workflows", workflows_json(report.workflows)},
        {"stats",
         {{"files_scanned", report.stats.files_scanned},
          {"bytes_scanned", report.stats.bytes_scanned},
          {"files_skipped", report.stats.files_skipped},
          {"ignored_by_config", report.stats.ignored_by_config},
          {"inline_ignored", report.stats.inline_ignored}}}}},
  };
  Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({std::move(run)})}};
  // Paths from a repository may hold invalid UTF-8: replace, never throw.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace nts::report
