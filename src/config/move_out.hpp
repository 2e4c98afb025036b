#pragma once

#include <algorithm>
#include <iterator>
#include <vector>

#include "core/finding.hpp"

namespace nts::config {

// Moves the findings `leave_out` selects from `findings` to `out` (when not
// null), keeping the order of both; returns how many moved. Every post-scan
// filter (repository config, confidence floor, baseline) leaves out this way.
template <typename Predicate>
std::size_t move_out(std::vector<core::Finding>& findings, std::vector<core::Finding>* out,
                     Predicate leave_out) {
  auto kept = std::stable_partition(findings.begin(), findings.end(),
                                    [&](const core::Finding& f) { return !leave_out(f); });
  auto moved = static_cast<std::size_t>(findings.end() - kept);
  if (out != nullptr) {
    out->insert(out->end(), std::make_move_iterator(kept), std::make_move_iterator(findings.end()));
  }
  findings.erase(kept, findings.end());
  return moved;
}

}  // namespace nts::config
