// The workflow analysis over a repository snapshot held in memory. The input is
// split at lines "---8<---" into the workflow, package.json, .npmrc, a local
// composite action and a Python release script, so the fuzzer can reach the
// code that reads files next to the workflow. Invariants: the workflow is either analysed or
// reported as an error (never dropped), and analysis code never throws.
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/repo_view.hpp"
#include "fuzz/fuzz_support.hpp"
#include "fuzz/fuzz_target.hpp"
#include "workflow/analyze.hpp"

namespace {

constexpr const char* k_workflow = ".github/workflows/x.yml";
constexpr const char* k_files[] = {k_workflow, "package.json", ".npmrc",
                                   ".github/actions/npm-publish/action.yml", "scripts/release.py"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto repo =
      nts::fuzz::split_repository(std::string_view(reinterpret_cast<const char*>(data), size),
                                  {std::begin(k_files), std::end(k_files)});
  auto analysis = nts::workflow::analyze_repository(repo, nts::fuzz::builtin_rules());
  int seen = 0;
  for (const auto& report : analysis.workflows) {
    seen += report.path == k_workflow;
  }
  for (const auto& issue : analysis.issues) {
    seen += issue.path == k_workflow;
    if (issue.message.rfind("workflow analysis failed", 0) == 0) {
      std::abort();  // an exception escaped the analysis code
    }
  }
  if (seen != 1) {
    std::abort();
  }
  for (const auto& finding : analysis.findings) {
    if (finding.location.path.empty() || finding.location.line < 0) {
      std::abort();
    }
  }
  return 0;
}
