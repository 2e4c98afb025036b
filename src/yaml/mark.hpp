#pragma once

#include <yaml-cpp/mark.h>
#include <yaml-cpp/node/node.h>

#include "yaml/location.hpp"

namespace nts::yaml {

// yaml-cpp's own marks as this module's (for the folders that read YAML
// through yaml-cpp; location.hpp itself stays free of yaml-cpp).
inline Mark mark_of(const YAML::Mark& mark) {
  return {mark.line, mark.column};
}
inline Mark mark_of(const YAML::Node& node) {
  return mark_of(node.Mark());
}
// The 1-based line a node starts on, 0 when unknown.
inline int line_of(const YAML::Node& node) {
  return line_number(mark_of(node));
}

}  // namespace nts::yaml
