// The workflow analysis over a repository snapshot held in memory. The input is
// split at lines "---8<---" into the workflow, package.json, .npmrc and a local
// composite action, so the fuzzer can reach the code that reads files next to
// the workflow. Invariants: the workflow is either analysed or reported as an
// error (never dropped), and analysis code never throws.
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/repo_view.hpp"
#include "fuzz/fuzz_support.hpp"
#include "fuzz/fuzz_target.hpp"
#include "workflow/analyze.hpp"

namespace {

constexpr const char* k_workflow = ".github/workflows/x.yml";
constexpr std::string_view k_separator = "\n---8<---\n";
constexpr const char* k_files[] = {k_workflow, "package.json", ".npmrc",
                                   ".github/actions/npm-publish/action.yml"};

nts::core::MemoryRepoView split(std::string_view input) {
  nts::core::MemoryRepoView repo;
  for (const char* path : k_files) {
    auto cut = input.find(k_separator);
    repo.add(path, std::string(input.substr(0, cut)));
    if (cut == std::string_view::npos) {
      break;
    }
    input.remove_prefix(cut + k_separator.size());
  }
  repo.set_remote_url("https://github.com/acme/widgets.git");
  return repo;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto repo = split(std::string_view(reinterpret_cast<const char*>(data), size));
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
