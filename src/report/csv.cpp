// CSV for spreadsheets (RFC 4180: CRLF records, fields quoted when they hold
// '"', ',', CR or LF). One row per finding and one per publishing job; the
// `kind` column tells them apart and columns that do not apply stay empty.
#include <array>

#include "report/common.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"

namespace nts::report {
namespace {

// Rows are filled by column name; k_columns is the header in the same order.
enum Column : std::size_t {
  col_kind,
  col_rule,
  col_severity,
  col_confidence,
  col_path,
  col_line,
  col_column,
  col_message,
  col_value,
  col_fingerprint,
  col_commit,
  col_still_present,
  col_job,
  col_auth,
  col_trusted_publishing,
  col_blockers,
  col_migration,
  col_provider,
  col_count
};

constexpr std::array<const char*, col_count> k_columns = {
    "kind",     "rule",          "severity", "confidence", "path",
    "line",     "column",        "message",  "value",      "fingerprint",
    "commit",   "still_present", "job",      "auth",       "trusted_publishing",
    "blockers", "migration",     "provider",
};

// A column added to the enum but not named above would leave a null header.
static_assert(k_columns[col_count - 1] != nullptr);

using Row = std::array<std::string, k_columns.size()>;

void write_row(std::ostream& out, const Row& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    out << (i == 0 ? "" : ",") << csv_field(row[i]);
  }
  out << "\r\n";
}

std::string number(int value) {
  return value > 0 ? std::to_string(value) : std::string();
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : std::string(separator)) + item;
  }
  return out;
}

}  // namespace

void write_csv(std::ostream& out, const core::ScanReport& report,
               const RenderOptions& /*options*/) {
  Row header;
  for (std::size_t i = 0; i < k_columns.size(); ++i) {
    header[i] = k_columns[i];
  }
  write_row(out, header);
  for (const auto& f : report.findings) {
    Row row;
    row[col_kind] = "finding";
    row[col_rule] = f.rule_id;
    row[col_severity] = core::to_string(f.severity);
    row[col_confidence] = core::to_string(f.confidence);
    row[col_path] = f.location.path;
    row[col_line] = number(f.location.line);
    row[col_column] = number(f.location.column);
    row[col_message] = f.message;
    row[col_value] = f.secret;  // redacted form only
    row[col_fingerprint] = f.fingerprint;
    row[col_commit] = f.commit.value_or("");
    row[col_still_present] = f.commit ? (f.still_present ? "yes" : "no") : "";
    write_row(out, row);
  }
  for (const auto& workflow : report.workflows) {
    for (const auto& job : workflow.jobs) {
      if (job.publishes_npm == core::Publishes::no) {
        continue;
      }
      bool unknown = job.publishes_npm == core::Publishes::unknown;
      Row row;
      // "possibly-publishing-job": the scanner could not see whether it publishes.
      row[col_kind] = unknown ? "possibly-publishing-job" : "publishing-job";
      row[col_path] = workflow.path;
      row[col_line] = number(job.line);
      row[col_job] = job.id;
      row[col_provider] = core::to_string(workflow.provider);
      row[col_auth] = core::to_string(job.auth);
      row[col_trusted_publishing] = core::to_string(job.trusted_publishing);
      row[col_blockers] = unknown ? detail::unknown_publish_summary(job) : join(job.blockers, "; ");
      std::vector<std::string> steps = job.advice;
      if (job.trusted_publisher) {
        steps.push_back(job.trusted_publisher->command);
      }
      row[col_migration] = join(steps, "\n");
      write_row(out, row);
    }
  }
}

}  // namespace nts::report
