#pragma once

#include <vector>

#include "core/scan_report.hpp"
#include "util/bytes.hpp"

namespace nts::core {

// Scan issues in the binary records the history walk and the history cache
// keep between runs: one layout, so that both read what either wrote.
void write_issues(util::ByteWriter& out, const std::vector<ScanIssue>& issues);
std::vector<ScanIssue> read_issues(util::ByteReader& in);

}  // namespace nts::core
