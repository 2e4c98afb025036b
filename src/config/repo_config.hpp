#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/finding.hpp"
#include "rules/rule.hpp"

namespace nts::config {

// The file name a repository's own configuration has, at its root.
inline constexpr std::string_view k_file_name = ".npm-token-scan.yaml";

// One `ignore:` entry: findings whose path matches one of `paths` (util::glob_match)
// and whose rule is in `rules` (any rule when empty) are left out.
struct Ignore {
  std::vector<std::string> paths;
  std::vector<std::string> rules;
  std::string reason;
};

// A repository's .npm-token-scan.yaml (see docs/configuration.md). It can only
// narrow what is reported, never switch off a leak rule (Rule::leak): the
// scanned repository is untrusted input.
struct RepoConfig {
  std::string source;  // where it was read, for notes: ".npm-token-scan.yaml", "BASE:…"
  std::vector<Ignore> ignores;
  std::vector<std::string> disabled_rules;
  // Finding paths are relative to the scan root; this is the scan root relative
  // to the directory the config sits in ("" or "packages/cli/"), so globs are
  // always relative to the repository root.
  std::string path_prefix;
  // `gitlab-ci-file`, `circleci-config`: the repository's CI files when not at
  // the default place, repository-relative and normalised ("" = the default).
  std::string gitlab_ci_file;
  std::string circleci_config;
};

// Parses and checks a config against the loaded rules. Errors name the file,
// line and column (`source`), with a hint: unknown keys and rule ids (with a
// "did you mean"), and any attempt to switch off a leak rule.
core::Result<RepoConfig> parse_repo_config(std::string_view source, std::string_view text,
                                           const std::vector<rules::Rule>& rules);

// Drops the findings the config disables or ignores (moved to `left_out` when
// not null); returns how many.
std::size_t apply_repo_config(const RepoConfig& config, std::vector<core::Finding>& findings,
                              std::vector<core::Finding>* left_out = nullptr);

// "2 findings left out: ignored by this repository config": the note (stderr,
// the report's errors) that keeps every suppression visible.
std::string ignored_note(std::size_t count);

}  // namespace nts::config
