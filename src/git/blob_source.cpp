#include "git/blob_source.hpp"

#include <algorithm>

namespace nts::git {
namespace {

const LineRange* range_of(const std::vector<LineRange>& ranges, int line) {
  auto after =
      std::upper_bound(ranges.begin(), ranges.end(), line,
                       [](int value, const LineRange& range) { return value < range.first; });
  if (after == ranges.begin()) {
    return nullptr;
  }
  const LineRange& range = *std::prev(after);
  return line <= range.last ? &range : nullptr;
}

}  // namespace

bool BlobToScan::reports_line(int line) const {
  return added_lines.empty() || range_of(added_lines, line) != nullptr;
}

const std::optional<CommitRef>& BlobToScan::commit_for_line(int line) const {
  const LineRange* range = range_of(added_lines, line);
  return range != nullptr && range->commit ? range->commit : commit;
}

}  // namespace nts::git
