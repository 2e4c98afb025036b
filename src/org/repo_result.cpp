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
  entry["status"] = result.ok ? "ok" : "error";
  entry["error"] = result.ok ? ordered_json(nullptr) : ordered_json(std::move(result.error));
  entry["head"] = result.head ? ordered_json(std::move(*result.head)) : ordered_json(nullptr);
  entry["findings"] = std::move(result.findings);
  entry["workflows"] = std::move(result.workflows);
  entry["errors"] = std::move(result.errors);
  return entry;
}

RepoResult repo_result_from_json(const ordered_json& entry) {
  RepoResult result;
  result.repository = entry.at("repository").get<std::string>();
  result.ok = entry.at("status").get<std::string>() == "ok";
  if (entry.contains("error") && entry["error"].is_string()) {
    result.error = entry["error"].get<std::string>();
  }
  if (entry.contains("head") && entry["head"].is_string()) {
    result.head = entry["head"].get<std::string>();
  }
  for (const char* key : {"findings", "workflows", "errors"}) {
    if (entry.contains(key) && !entry[key].is_array()) {
      throw std::runtime_error(std::string("\"") + key + "\" must be an array");
    }
  }
  result.findings = entry.value("findings", ordered_json::array());
  result.workflows = entry.value("workflows", ordered_json::array());
  result.errors = entry.value("errors", ordered_json::array());
  return result;
}

RepoResult failed_result(std::string repository, std::string error) {
  RepoResult result;
  result.repository = std::move(repository);
  result.error = std::move(error);
  return result;
}

}  // namespace nts::org
