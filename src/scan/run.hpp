#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/policy.hpp"
#include "config/repo_config.hpp"
#include "core/error.hpp"
#include "core/scan_report.hpp"
#include "detect/detector.hpp"
#include "rules/rule.hpp"
#include "scan/git_scan.hpp"
#include "scan/repo_config_file.hpp"
#include "scan/scan.hpp"

namespace nts::scan {

// One scan as every command asks for it: what to read (a directory or work
// tree, or a git mode), and the policy the finished report obeys.
struct ScanRequest {
  std::variant<ScanOptions, GitScanOptions> input;
  config::Policy policy;
};

// The one pipeline behind `scan` (each mode) and `org` (each repository):
// source -> detector -> snapshot analyses -> post-scan policy (repository
// config, confidence floor, baseline). The report comes back finished and
// sorted; `outcome` (when not null) receives what the policy left out.
// An Error means nothing could be scanned (no such path, not a repository,
// a bad range); problems with single files are issues in the report.
core::Result<core::ScanReport> run(const ScanRequest& request, const DetectorSource& detector,
                                   const SnapshotAnalysis& analysis,
                                   config::PolicyOutcome* outcome = nullptr);

// The repository's .npm-token-scan.yaml for a scan of `path`, read where
// `side` says (repo_config_file.hpp), checked against `rules`; nullopt when
// there is none. Errors are configuration errors, masked: a config line
// quoted in one may hold a token.
core::Result<std::optional<config::RepoConfig>> load_repo_config(
    const std::string& path, ConfigSide side, const std::string& range,
    const std::vector<rules::Rule>& rules);

}  // namespace nts::scan
