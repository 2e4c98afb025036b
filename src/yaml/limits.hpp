#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace nts::yaml {

// Every YAML file we read may come from the scanned repository (workflows,
// .yarnrc.yml, --rules files, the repository config), so each is checked
// against these limits before yaml-cpp builds a node tree from it. Real files
// stay far below both: a workflow nests about 8 levels and uses a few aliases.
inline constexpr int k_max_depth = 64;
// Nodes reached through aliases, counting an alias of a collection as every
// node in it: "billion laughs" documents are a few lines long and expand to
// billions of nodes, which would make every walk over the tree explode.
inline constexpr std::size_t k_max_alias_nodes = 100000;

struct Limits {
  int max_depth = k_max_depth;
  std::size_t max_alias_nodes = k_max_alias_nodes;
};

// An error at the node that crosses a limit (path:line:col, the line, a hint),
// or ok. Text that is not valid YAML passes: the loader that runs next reports
// the syntax error in its own words.
core::Status check_limits(std::string_view path, std::string_view text, const Limits& limits = {});

}  // namespace nts::yaml
