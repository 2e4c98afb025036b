#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nts::org {

// One repository's entry of the org report (shared/contract.md, "Org report").
// Findings, workflows and errors are kept as the JSON the single-repository
// report writes, so a result read back from the resume store or from a shard's
// report is the same value as one just scanned.
struct RepoResult {
  std::string repository;  // as the user gave it: a URL or a local path
  bool ok = false;
  std::string error;                // why the repository could not be scanned (when !ok)
  std::optional<std::string> head;  // the default-branch commit that was scanned
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  nlohmann::ordered_json workflows = nlohmann::ordered_json::array();
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
};

nlohmann::ordered_json to_json(const RepoResult& result);
nlohmann::ordered_json to_json(RepoResult&& result);  // moves the JSON members
// Throws std::exception (nlohmann or runtime_error) on a value that is not a repository entry.
RepoResult repo_result_from_json(const nlohmann::ordered_json& entry);

RepoResult failed_result(std::string repository, std::string error);

}  // namespace nts::org
