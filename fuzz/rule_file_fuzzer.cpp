// Rule files (a scanned repository may bring its own): load, compile, and run
// the compiled rule over its own text. Errors are fine; crashes and hangs are not.
#include <string>

#include "detect/detector.hpp"
#include "fuzz/fuzz_target.hpp"
#include "rules/rule_loader.hpp"
#include "rules/rule_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto rule = nts::rules::load_rule("rules/fuzz.yaml", text);
  if (!rule) {
    (void)rule.error().describe_with_context();
    return 0;
  }
  auto set = nts::rules::RuleSet::compile({*rule});
  if (!set) {
    return 0;
  }
  auto detector = nts::detect::Detector::create(*set);
  if (!detector) {
    return 0;
  }
  nts::detect::ScanInput input;
  input.path = "fuzz.txt";
  input.text = text;
  (void)detector->scan(input);
  return 0;
}
