// `fix` as a round trip over a repository held in memory. The input is split
// at lines "---8<---" into the workflow, package.json, .nvmrc and a second
// workflow (a reusable workflow the first calls, or one that shows how the
// repository pins actions). Invariants: planning never throws; every changed
// workflow still parses; a package.json that was JSON stays JSON; the edited
// repository's analysis reports no job the input lacked, and every job fix
// claims to fix publishes with OIDC and is ready; a second fix changes nothing.
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "fix/overlay_view.hpp"
#include "fix/plan.hpp"
#include "fuzz/fuzz_support.hpp"
#include "fuzz/fuzz_target.hpp"
#include "workflow/analyze.hpp"
#include "workflow/model.hpp"

namespace {

constexpr const char* k_workflow = ".github/workflows/release.yml";
constexpr const char* k_second = ".github/workflows/ship.yml";
constexpr const char* k_files[] = {k_workflow, "package.json", ".nvmrc", k_second};

std::set<std::string> job_ids(const nts::workflow::Analysis& analysis) {
  std::set<std::string> ids;
  for (const auto& workflow : analysis.workflows) {
    for (const auto& job : workflow.jobs) {
      ids.insert(workflow.path + ":" + job.id);
    }
  }
  return ids;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto repo =
      nts::fuzz::split_repository(std::string_view(reinterpret_cast<const char*>(data), size),
                                  {std::begin(k_files), std::end(k_files)});
  const auto& rules = nts::fuzz::builtin_rules();
  auto before = nts::workflow::analyze_repository(repo, rules);
  auto plan = nts::fix::plan_fix(repo, rules, {});
  std::map<std::string, std::string> after;
  for (const auto& file : plan.files) {
    bool workflow = file.path == k_workflow || file.path == k_second;
    if (workflow && !nts::workflow::parse_workflow(file.path, file.after)) {
      std::abort();  // fix broke a workflow that parsed
    }
    if (file.path == "package.json" &&
        nlohmann::json::accept(file.before) != nlohmann::json::accept(file.after)) {
      std::abort();  // a release tool's upgrade broke package.json
    }
    after[file.path] = file.after;
  }
  nts::fix::OverlayView edited(repo, after);
  auto again = nts::workflow::analyze_repository(edited, rules);
  auto had = job_ids(before);
  for (const auto& id : job_ids(again)) {
    if (!had.count(id)) {
      std::abort();  // a job the input did not have
    }
  }
  for (const auto& job : plan.jobs) {
    if (job.status != nts::fix::JobOutcome::Status::fixed) {
      continue;
    }
    for (const auto& workflow : again.workflows) {
      for (const auto& now : workflow.jobs) {
        if (workflow.path == job.path && now.id == job.job &&
            (now.auth != nts::core::Auth::oidc ||
             now.trusted_publishing != nts::core::Readiness::ready)) {
          std::abort();
        }
      }
    }
  }
  if (!plan.files.empty() && !nts::fix::plan_fix(edited, rules, {}).files.empty()) {
    std::abort();  // not idempotent
  }
  return 0;
}
