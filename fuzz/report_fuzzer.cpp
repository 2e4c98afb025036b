// The report writers, round trip. The input is cut at NUL bytes into strings
// that become paths, messages, job ids and snippets (control characters,
// quotes, '%', newlines, invalid UTF-8); one more finding comes from the real
// detector over a fuzzed line holding a generated token. Every format is
// written, then read back: JSON and SARIF parse with the same counts, GitHub
// commands keep one line per annotation, CSV has one record per row, text and
// Markdown carry no control character from the data, and no output holds the
// token.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/scan_report.hpp"
#include "detect/detector.hpp"
#include "detect/npm_token.hpp"
#include "fuzz/fuzz_support.hpp"
#include "fuzz/fuzz_target.hpp"
#include "parse/file_kind.hpp"
#include "report/report.hpp"

using namespace nts;

namespace {

// Aborts (a crash for libFuzzer) naming the invariant that failed.
void require(bool condition, const char* invariant) {
  if (!condition) {
    std::fprintf(stderr, "report_fuzzer: invariant failed: %s\n", invariant);
    std::abort();
  }
}

// Hands out the input's NUL-separated pieces in turn (empty once used up).
class Pieces {
 public:
  explicit Pieces(std::string_view input) {
    while (true) {
      auto cut = input.find('\0');
      m_items.emplace_back(input.substr(0, cut));
      if (cut == std::string_view::npos) {
        break;
      }
      input.remove_prefix(cut + 1);
    }
  }
  std::string next() { return m_next < m_items.size() ? m_items[m_next++] : std::string(); }
  bool more() const { return m_next < m_items.size(); }
  std::size_t size() const { return m_items.size(); }

 private:
  std::vector<std::string> m_items;
  std::size_t m_next = 0;
};

core::Severity severity_of(const std::string& piece) {
  static constexpr core::Severity k_all[] = {core::Severity::info, core::Severity::low,
                                             core::Severity::medium, core::Severity::high};
  return k_all[piece.empty() ? 0 : static_cast<unsigned char>(piece[0]) % 4];
}

core::Finding finding_from(Pieces& pieces) {
  core::Finding f;
  f.rule_id = pieces.next();
  f.severity = severity_of(f.rule_id);
  f.message = pieces.next();
  f.help = pieces.next();
  f.location = {pieces.next(), static_cast<int>(pieces.size() % 7), 3};
  f.secret = "npm_Ab…(redacted, 40 chars)";
  f.fingerprint = pieces.next();
  f.snippet = pieces.next();
  f.snippet_column = 2;
  if (auto commit = pieces.next(); !commit.empty()) {
    f.commit = commit;
  }
  return f;
}

core::WorkflowReport workflow_from(Pieces& pieces) {
  core::WorkflowReport w;
  w.path = pieces.next();
  core::JobReport job;
  job.id = pieces.next();
  job.line = 4;
  // Verdicts are enums: the fuzzed bytes pick one of each (unknown included).
  auto pick = [](const std::string& piece, unsigned n) {
    return piece.empty() ? 0U : static_cast<unsigned char>(piece[0]) % n;
  };
  static constexpr core::Publishes k_publishes[] = {core::Publishes::yes, core::Publishes::no,
                                                    core::Publishes::unknown};
  static constexpr core::Auth k_auth[] = {core::Auth::none, core::Auth::token, core::Auth::oidc,
                                          core::Auth::hybrid};
  static constexpr core::Readiness k_readiness[] = {
      core::Readiness::not_applicable, core::Readiness::ready, core::Readiness::needs_changes,
      core::Readiness::blocked};
  job.publishes_npm = k_publishes[pick(job.id, 3)];
  job.auth = k_auth[pick(pieces.next(), 4)];
  job.trusted_publishing = k_readiness[pick(pieces.next(), 4)];
  job.blockers = {pieces.next()};
  job.advice = {pieces.next()};
  job.publish_steps = {{5, 9, pieces.next(), {{pieces.next(), 3, pieces.next()}}}};
  job.unresolved = {{pieces.next(), 2, pieces.next()}};
  job.publish_hints = {pieces.next()};
  job.called_from = {{pieces.next(), pieces.next()}};
  job.token_sources = {{6, 7, pieces.next(), pieces.next()}};
  job.trusted_publisher =
      core::TrustedPublisher{pieces.next(), pieces.next(), w.path, pieces.next(), pieces.next()};
  w.jobs.push_back(std::move(job));
  return w;
}

// The detector's own finding for a generated token inside fuzzed text, so the
// redaction and snippet masking run on hostile surroundings.
std::vector<core::Finding> leak(const std::string& path, const std::string& before,
                                const std::string& after, const std::string& token) {
  static const detect::Detector detector =
      std::move(*detect::Detector::create(fuzz::builtin_rules()));
  detect::ScanInput input;
  input.path = path;
  input.kind = parse::classify_path(path);
  std::string text = before + " " + token + " " + after;
  input.text = text;
  return detector.scan(input);
}

std::string render(report::Format format, const core::ScanReport& scan) {
  report::RenderOptions options;
  options.tool_version = "0.0.0-fuzz";
  options.rules = &fuzz::builtin_rules().rules();
  std::ostringstream out;
  report::write_report(out, format, scan, options);
  return out.str();
}

// RFC 4180 records (quoted fields may hold CR, LF and doubled quotes).
std::size_t csv_records(const std::string& text) {
  std::size_t records = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      quoted = !quoted;  // a doubled quote toggles twice
    } else if (!quoted && c == '\r') {
      require(i + 1 < text.size() && text[i + 1] == '\n', "CSV: a bare CR outside quotes");
      ++records;
      ++i;
    } else if (!quoted) {
      require(c != '\n', "CSV: a bare LF outside quotes");
    }
  }
  require(!quoted, "CSV: an unterminated quote");
  return records;
}

bool has_control(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\n') {
      return true;
    }
    if (c == 0x7f) {
      return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) {
    return 0;  // writers are linear; long inputs only slow the fuzzer down
  }
  Pieces pieces(std::string_view(reinterpret_cast<const char*>(data), size));
  core::ScanReport scan;
  scan.target.path = pieces.next();
  std::string token = detect::make_npm_token(size);
  std::string path = pieces.next();
  scan.findings = leak(path.empty() ? "x.txt" : path, pieces.next(), pieces.next(), token);
  while (pieces.more()) {
    scan.findings.push_back(finding_from(pieces));
    scan.issues.push_back({core::ScanIssue::Kind::error, pieces.next(), 2, pieces.next()});
    scan.workflows.push_back(workflow_from(pieces));
  }
  // CSV has a row per job that publishes or may publish; GitHub a warning per
  // job that may publish (unknown).
  std::size_t publishing = 0;
  std::size_t unknown = 0;
  for (const auto& workflow : scan.workflows) {
    for (const auto& job : workflow.jobs) {
      publishing += job.publishes_npm != core::Publishes::no;
      unknown += job.publishes_npm == core::Publishes::unknown;
    }
  }

  std::vector<std::string> outputs;
  for (auto format : {report::Format::json, report::Format::sarif, report::Format::github,
                      report::Format::csv, report::Format::text, report::Format::markdown}) {
    outputs.push_back(render(format, scan));
    require(outputs.back().find(token.substr(6)) == std::string::npos, "no output holds the token");
  }
  const auto& [json_text, sarif_text, github, csv, text, markdown] =
      std::tie(outputs[0], outputs[1], outputs[2], outputs[3], outputs[4], outputs[5]);

  auto json = nlohmann::json::parse(json_text);
  require(json["findings"].size() == scan.findings.size(), "JSON: findings count");
  require(json["workflows"].size() == scan.workflows.size(), "JSON: workflows count");
  require(json["errors"].size() == scan.issues.size(), "JSON: errors count");

  auto sarif = nlohmann::json::parse(sarif_text);
  require(sarif["runs"][0]["results"].size() == scan.findings.size(), "SARIF: results count");

  require(github.find('\r') == std::string::npos, "GitHub: a raw CR");
  std::size_t lines = 0;
  for (char c : github) {
    lines += c == '\n';
  }
  require(lines == scan.findings.size() + unknown + 1,
          "GitHub: one line per annotation and the summary");

  require(csv_records(csv) == 1 + scan.findings.size() + publishing, "CSV: one record per row");

  require(!has_control(text), "text: a control character from the data");
  require(!has_control(markdown), "Markdown: a control character from the data");
  return 0;
}
