#include "scan/examples.hpp"

#include <algorithm>

#include "detect/example_template.hpp"
#include "util/sha256.hpp"

namespace nts::scan {
namespace {

std::uint64_t seed_for(const std::string& rule_id, std::size_t index) {
  auto digest = util::sha256(rule_id);
  std::uint64_t seed = 0;
  for (int i = 0; i < 8; ++i) {
    seed = (seed << 8) | digest[static_cast<std::size_t>(i)];
  }
  return seed + index;
}

std::vector<core::Finding> run_example(const detect::Detector& detector,
                                       const SnapshotAnalysis& analysis, const std::string& path,
                                       const std::string& text) {
  FileResult file = scan_bytes(detector, text, path);
  core::ScanReport report;
  report.findings = std::move(file.findings);
  if (analysis) {
    core::MemoryRepoView snapshot;
    snapshot.add(path, text);
    analysis(snapshot, detector, report);
  }
  return report.findings;
}

}  // namespace

ExampleSummary test_rule_examples(const detect::Detector& detector,
                                  const SnapshotAnalysis& analysis) {
  ExampleSummary summary;
  for (const auto& rule : detector.rules().rules()) {
    ++summary.rules;
    std::size_t index = 0;
    auto check = [&](const rules::Example& example, bool should_match) {
      ++summary.examples;
      auto text = detect::fill_templates(example.text, seed_for(rule.id, index++));
      if (!text) {
        summary.failures.push_back({rule.id, rule.source, example.line, text.error().message});
        return;
      }
      auto findings = run_example(detector, analysis, example.path, *text);
      bool matched = std::any_of(findings.begin(), findings.end(),
                                 [&](const core::Finding& f) { return f.rule_id == rule.id; });
      if (matched != should_match) {
        std::string others;
        for (const auto& f : findings) {
          others += (others.empty() ? "" : ", ") + f.rule_id;
        }
        summary.failures.push_back({rule.id, rule.source, example.line,
                                    std::string(should_match ? "match example is not reported"
                                                             : "no_match example is reported") +
                                        " (scanned as " + example.path +
                                        (others.empty() ? "" : "; found: " + others) + ")"});
      }
    };
    for (const auto& example : rule.match_examples) {
      check(example, true);
    }
    for (const auto& example : rule.no_match_examples) {
      check(example, false);
    }
  }
  return summary;
}

}  // namespace nts::scan
