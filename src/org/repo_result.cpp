#include "org/repo_result.hpp"

#include <stdexcept>

namespace nts::org {

using nlohmann::ordered_json;

ordered_json to_json(const RepoResult& result) {
  return to_json(RepoResult(result));
}

ordered_json to_json(RepoResult&& result) {
  ordered_json entry = ordered_json::object();
  entry["repository"] = std::move(result.repository);
  if (!result.name.empty()) {
    entry["name"] = std::move(result.name);
  }
  entry["status"] = result.ok ? "ok" : "error";
  entry["error"] = result.ok ? ordered_json(nullptr) : ordered_json(std::move(result.error));
  entry["head"] = result.head ? ordered_json(std::move(*result.head)) : ordered_json(nullptr);
  if (!result.scanned_at.empty()) {
    entry["scanned_at"] = std::move(result.scanned_at);
  }
  entry["findings"] = std::move(result.findings);
  entry["workflows"] = std::move(result.workflows);
  entry["errors"] = std::move(result.errors);
  entry["suppressed"] = {{"findings", result.suppressed_findings},
                         {"leaks", result.suppressed_leaks}};
  return entry;
}

namespace {

// A field of the wrong type in a stored or merged entry, named by its JSON
// pointer ("/findings/0/severity"), so the file can be fixed or regenerated.
[[noreturn]] void wrong(const std::string& pointer, const char* expected,
                        const ordered_json& value) {
  throw std::runtime_error("\"" + pointer + "\" must be " + expected + ", not " +
                           (value.is_null() ? std::string("null") : value.type_name()));
}

enum class Want { string, string_or_null, boolean, integer, array, object };

void check(const ordered_json& parent, const std::string& at, const char* key, Want want,
           bool required = false) {
  if (!parent.contains(key)) {
    if (required) {
      throw std::runtime_error("\"" + at + "/" + key + "\" is missing");
    }
    return;
  }
  const auto& value = parent[key];
  std::string pointer = at + "/" + key;
  switch (want) {
    case Want::string:
      if (!value.is_string())
        wrong(pointer, "a string", value);
      break;
    case Want::string_or_null:
      if (!value.is_string() && !value.is_null())
        wrong(pointer, "a string or null", value);
      break;
    case Want::boolean:
      if (!value.is_boolean())
        wrong(pointer, "true or false", value);
      break;
    case Want::integer:
      if (!value.is_number_integer())
        wrong(pointer, "an integer", value);
      break;
    case Want::array:
      if (!value.is_array())
        wrong(pointer, "an array", value);
      break;
    case Want::object:
      if (!value.is_object())
        wrong(pointer, "an object", value);
      break;
  }
}

// Every field the org writers and the summary read, with the type they read
// it as: after this, no writer can meet a value of another type.
void validate_entry(const ordered_json& entry) {
  if (!entry.is_object()) {
    wrong("", "an object (a repository entry)", entry);
  }
  check(entry, "", "repository", Want::string, true);
  check(entry, "", "status", Want::string, true);
  if (entry["status"] != "ok" && entry["status"] != "error") {
    throw std::runtime_error("\"/status\" must be \"ok\" or \"error\"");
  }
  check(entry, "", "error", Want::string_or_null);
  check(entry, "", "head", Want::string_or_null);
  check(entry, "", "name", Want::string);
  check(entry, "", "scanned_at", Want::string);
  for (const char* key : {"findings", "workflows", "errors"}) {
    check(entry, "", key, Want::array);
  }
  check(entry, "", "suppressed", Want::object);
  if (entry.contains("suppressed")) {
    check(entry["suppressed"], "/suppressed", "findings", Want::integer);
    check(entry["suppressed"], "/suppressed", "leaks", Want::integer);
  }
  std::size_t i = 0;
  for (const auto& finding : entry.value("findings", ordered_json::array())) {
    std::string at = "/findings/" + std::to_string(i++);
    if (!finding.is_object()) {
      wrong(at, "an object", finding);
    }
    for (const char* key : {"rule", "severity", "path", "secret"}) {
      check(finding, at, key, Want::string);
    }
    check(finding, at, "commit", Want::string_or_null);
    check(finding, at, "line", Want::integer);
    check(finding, at, "still_present", Want::boolean);
  }
  i = 0;
  for (const auto& workflow : entry.value("workflows", ordered_json::array())) {
    std::string at = "/workflows/" + std::to_string(i++);
    if (!workflow.is_object()) {
      wrong(at, "an object", workflow);
    }
    check(workflow, at, "jobs", Want::array);
    std::size_t j = 0;
    for (const auto& job : workflow.value("jobs", ordered_json::array())) {
      std::string job_at = at + "/jobs/" + std::to_string(j++);
      if (!job.is_object()) {
        wrong(job_at, "an object", job);
      }
      // true, false, or "unknown" (a release whose publish the scanner cannot see).
      if (job.contains("publishes_npm") && !job["publishes_npm"].is_boolean() &&
          job["publishes_npm"] != "unknown") {
        wrong(job_at + "/publishes_npm", "true, false or \"unknown\"", job["publishes_npm"]);
      }
      check(job, job_at, "auth", Want::string);
      check(job, job_at, "trusted_publishing", Want::string);
      check(job, job_at, "blockers", Want::array);
      std::size_t k = 0;
      for (const auto& blocker : job.value("blockers", ordered_json::array())) {
        if (!blocker.is_string()) {
          wrong(job_at + "/blockers/" + std::to_string(k), "a string", blocker);
        }
        ++k;
      }
    }
  }
}

}  // namespace

RepoResult repo_result_from_json(const ordered_json& entry) {
  validate_entry(entry);
  RepoResult result;
  result.repository = entry["repository"].get<std::string>();
  result.ok = entry["status"].get<std::string>() == "ok";
  if (entry.contains("error") && entry["error"].is_string()) {
    result.error = entry["error"].get<std::string>();
  }
  if (entry.contains("head") && entry["head"].is_string()) {
    result.head = entry["head"].get<std::string>();
  }
  result.name = entry.value("name", std::string());
  result.scanned_at = entry.value("scanned_at", std::string());
  result.findings = entry.value("findings", ordered_json::array());
  result.workflows = entry.value("workflows", ordered_json::array());
  result.errors = entry.value("errors", ordered_json::array());
  if (entry.contains("suppressed")) {
    result.suppressed_findings = entry["suppressed"].value("findings", 0);
    result.suppressed_leaks = entry["suppressed"].value("leaks", 0);
  }
  return result;
}

RepoResult failed_result(std::string repository, std::string error) {
  RepoResult result;
  result.repository = std::move(repository);
  result.error = std::move(error);
  return result;
}

}  // namespace nts::org
