#include "core/issue_record.hpp"

namespace nts::core {

void write_issues(util::ByteWriter& out, const std::vector<ScanIssue>& issues) {
  out.u64(issues.size());
  for (const ScanIssue& issue : issues) {
    out.u64(issue.kind == ScanIssue::Kind::error ? 1 : 0);
    out.str(issue.path);
    out.i64(issue.line);
    out.str(issue.message);
  }
}

std::vector<ScanIssue> read_issues(util::ByteReader& in) {
  std::vector<ScanIssue> out;
  // Each issue holds at least its kind, two string lengths and a line.
  for (std::uint64_t n = in.count(32); n > 0 && in.ok(); --n) {
    ScanIssue issue;
    issue.kind = in.u64() == 1 ? ScanIssue::Kind::error : ScanIssue::Kind::note;
    issue.path = in.str();
    issue.line = static_cast<int>(in.i64());
    issue.message = in.str();
    out.push_back(std::move(issue));
  }
  return out;
}

}  // namespace nts::core
