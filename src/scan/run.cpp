#include "scan/run.hpp"

#include "rules/rule_set.hpp"

namespace nts::scan {

core::Result<core::ScanReport> run(const ScanRequest& request, const DetectorSource& detector,
                                   const SnapshotAnalysis& analysis,
                                   config::PolicyOutcome* outcome) {
  auto report = std::holds_alternative<GitScanOptions>(request.input)
                    ? scan_git(std::get<GitScanOptions>(request.input), detector, analysis)
                    : scan_worktree(std::get<ScanOptions>(request.input), detector, analysis);
  if (report) {
    config::apply_policy(request.policy, *report, outcome);
  }
  return report;
}

core::Result<std::optional<config::RepoConfig>> load_repo_config(
    const std::string& path, ConfigSide side, const std::string& range,
    const std::vector<rules::Rule>& rules) {
  auto file = find_repo_config(path, side, range);
  if (!file) {
    return file.error();
  }
  if (!*file) {
    return std::optional<config::RepoConfig>();
  }
  auto parsed = config::parse_repo_config((*file)->source, (*file)->text, rules);
  if (!parsed) {
    // The error quotes the config's line, which may hold a token: mask it.
    core::Error error = parsed.error();
    if (auto compiled = rules::RuleSet::compile(rules)) {
      if (auto masker = detect::Detector::create(*compiled)) {
        error.message = masker->mask_secrets(error.message);
        error.excerpt = masker->mask_secrets(error.excerpt);
      }
    }
    return error;
  }
  parsed->path_prefix = (*file)->path_prefix;
  return std::optional<config::RepoConfig>(std::move(*parsed));
}

}  // namespace nts::scan
