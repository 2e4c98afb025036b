#pragma once

// Shared by the tests that run `org` and read its report.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/catch.hpp"
#include "tests/support/temp_dir.hpp"

namespace nts::test {

// The report's entry for `repository`; fails the test when there is none.
inline const nlohmann::json& org_entry(const nlohmann::json& report,
                                       const std::string& repository) {
  for (const auto& entry : report["repositories"]) {
    if (entry["repository"] == repository) {
      return entry;
    }
  }
  FAIL("no entry for " << repository);
  static const nlohmann::json none;
  return none;
}

// True when a file name or a file's bytes below `dir` hold `needle`.
inline bool tree_contains(const std::filesystem::path& dir, const std::string& needle) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().string().find(needle) != std::string::npos) {
      return true;
    }
    if (entry.is_regular_file() && read_file(entry.path()).find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace nts::test
