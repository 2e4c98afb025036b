#pragma once

#include "yaml/location.hpp"

namespace nts::workflow {

// Evidence is located through the one YAML location module (src/yaml/):
// the workflow model keeps yaml-cpp's marks, and each file's SourceText turns
// them, and bytes of decoded values, into positions.
using yaml::Mark;
using yaml::Position;
using yaml::SourceText;

}  // namespace nts::workflow
