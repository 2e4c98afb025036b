#include "workflow/yaml_merge.hpp"

namespace nts::workflow {
namespace {

void visit_merged(const YAML::Node& map,
                  const std::function<void(const YAML::Node&, const YAML::Node&)>& visit,
                  int depth) {
  // Aliases can make merge keys refer to each other; yaml::check_limits has
  // bounded the document, and the depth bounds the recursion.
  if (!map || !map.IsMap() || depth > 64) {
    return;
  }
  if (auto merge = map["<<"]) {
    if (merge.IsSequence()) {
      for (const auto& item : merge) {
        visit_merged(item, visit, depth + 1);
      }
    } else {
      visit_merged(merge, visit, depth + 1);
    }
  }
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() != "<<") {
      visit(entry.first, entry.second);
    }
  }
}

}  // namespace

void for_each_merged(const YAML::Node& map,
                     const std::function<void(const YAML::Node&, const YAML::Node&)>& visit) {
  visit_merged(map, visit, 0);
}

}  // namespace nts::workflow
