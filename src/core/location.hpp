#pragma once

#include <string>

namespace nts::core {

// A place in a scanned file. Line and column are 1-based everywhere in the
// program (SARIF, GitHub annotations and `path:line:col` all count from 1);
// yaml-cpp's 0-based marks are converted in src/yaml/location.hpp, nowhere else. Columns count
// Unicode code points (an invalid UTF-8 byte counts as one).
struct Location {
  std::string path;  // relative to the scan root, '/' separated
  int line = 0;      // 0 when the error concerns a whole file
  int column = 0;
};

}  // namespace nts::core
