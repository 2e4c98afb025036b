#pragma once

#include <filesystem>
#include <string>

namespace nts::test {

// Compares `actual` with the golden file; with UPDATE_GOLDENS=1 in the
// environment it rewrites the file instead (review the diff before committing).
// Returns an empty string on success, else a description of the difference.
std::string compare_golden(const std::filesystem::path& golden, const std::string& actual);

}  // namespace nts::test
