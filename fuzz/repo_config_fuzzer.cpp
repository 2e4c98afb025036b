// The repository config (.npm-token-scan.yaml comes from the scanned, untrusted
// repository): parse it against the builtin rules and apply it, so its globs
// run against paths too. Errors are fine; crashes and hangs are not.
#include <string>
#include <vector>

#include "config/repo_config.hpp"
#include "fuzz/fuzz_target.hpp"
#include "rules/builtin_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto rules = nts::rules::builtin_rules();
  std::string text(reinterpret_cast<const char*>(data), size);
  auto config = nts::config::parse_repo_config(".npm-token-scan.yaml", text, rules);
  if (!config) {
    (void)config.error().describe_with_context();
    return 0;
  }
  std::vector<nts::core::Finding> findings;
  for (const char* path : {".npmrc", "packages/cli/.npmrc", ".github/workflows/release.yml",
                           "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p.txt"}) {
    for (const auto& rule : rules) {
      nts::core::Finding finding;
      finding.rule_id = rule.id;
      finding.location.path = path;
      findings.push_back(std::move(finding));
    }
  }
  (void)nts::config::apply_repo_config(*config, findings);
  return 0;
}
