#pragma once

#include <string>
#include <vector>

#include "detect/detector.hpp"
#include "scan/scan.hpp"

namespace nts::scan {

struct ExampleFailure {
  std::string rule_id;
  std::string source;  // rule file
  int line = 0;        // of the example in the rule file
  std::string problem;
};

struct ExampleSummary {
  std::size_t rules = 0;
  std::size_t examples = 0;
  std::vector<ExampleFailure> failures;
};

// Runs every rule's match and no_match examples through the real pipeline (the
// detector and the snapshot analyses) on an in-memory file named as the
// example says: a match example must produce a finding of that rule, a
// no_match example must not. Templates are filled with fixed seeds.
ExampleSummary test_rule_examples(const detect::Detector& detector,
                                  const SnapshotAnalysis& analysis);

}  // namespace nts::scan
