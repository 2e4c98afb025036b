#pragma once

#include <filesystem>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace nts::test {

// tests/cli/golden/NAME, the end-to-end tests' golden files.
std::filesystem::path cli_golden(const std::string& name);

// The small tree the CLI goldens show, with one of everything the scanner
// reports (tokens generated at run time): a ${NPM_TOKEN} reference, a token,
// and a token-shaped string whose checksum fails.
void plant_golden_tree(const TempDir& dir);

}  // namespace nts::test
