#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>

namespace nts::workflow {

// Calls `visit(key, value)` for each entry of a YAML map with merge keys
// applied: `<<: *anchor` and `<<: [*a, *b]` first (recursively), then the
// keys written in the map itself, so that a caller keeping the last value
// of a key sees the written one win. yaml-cpp does not apply merge keys.
// Non-scalar keys are skipped; a node that is not a map visits nothing.
void for_each_merged(
    const YAML::Node& map,
    const std::function<void(const YAML::Node& key, const YAML::Node& value)>& visit);

}  // namespace nts::workflow
