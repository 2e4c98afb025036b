#include "tests/support/golden.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.hpp"

namespace nts::test {

std::string compare_golden(const std::filesystem::path& golden, const std::string& actual) {
  const char* update = std::getenv("UPDATE_GOLDENS");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary | std::ios::trunc) << actual;
    return {};
  }
  if (!std::filesystem::exists(golden)) {
    return "golden file " + golden.string() +
           " is missing (run with UPDATE_GOLDENS=1 to create it)";
  }
  std::string expected = read_file(golden);
  if (expected == actual) {
    return {};
  }
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 1;
  while (true) {
    bool he = static_cast<bool>(std::getline(e, el));
    bool ha = static_cast<bool>(std::getline(a, al));
    if (!he && !ha) {
      break;
    }
    if (el != al || he != ha) {
      return golden.string() + ":" + std::to_string(line) +
             ": differs\n  expected: " + (he ? el : "<end>") +
             "\n  actual:   " + (ha ? al : "<end>") + "\n(run with UPDATE_GOLDENS=1 to accept)";
    }
    ++line;
  }
  return golden.string() + ": differs in line endings or trailing newline";
}

}  // namespace nts::test
