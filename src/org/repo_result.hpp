#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nts::org {

// One repository's entry of the org report (docs/contract.md, "Org report").
// Findings, workflows and errors are kept as the JSON the single-repository
// report writes, so a result read back from the resume store or from a shard's
// report is the same value as one just scanned.
struct RepoResult {
  std::string repository;  // as the user gave it: a URL or a local path
  // What reports show: owner/name from the remote (the URL, or a local
  // repository's origin), else the path; "" in results from before this field.
  std::string name;
  bool ok = false;
  std::string error;                // why the repository could not be scanned (when !ok)
  std::optional<std::string> head;  // the default-branch commit that was scanned
  // When the scan finished (UTC, 2026-12-02T10:04:05Z); a reused result keeps
  // the time it was made. "" when unknown (results from before this field).
  std::string scanned_at;
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  nlohmann::ordered_json workflows = nlohmann::ordered_json::array();
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  // Findings the repository's own .npm-token-scan.yaml left out, and how many
  // of them were leaks: every format shows them, so a config that hides leaks
  // is visible on the dashboard.
  int suppressed_findings = 0;
  int suppressed_leaks = 0;
  // --fix-dir: the repository's fix as a patch, "" when there is nothing to
  // change; written to its own file, never stored or reported.
  std::string fix_patch;
};

nlohmann::ordered_json to_json(const RepoResult& result);
nlohmann::ordered_json to_json(RepoResult&& result);  // moves the JSON members
// Throws std::runtime_error naming the field (a JSON pointer within the entry)
// on a value that is not a repository entry, or has a field of the wrong type.
RepoResult repo_result_from_json(const nlohmann::ordered_json& entry);

RepoResult failed_result(std::string repository, std::string error);

}  // namespace nts::org
