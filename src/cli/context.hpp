#pragma once

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/exit_code.hpp"
#include "config/policy.hpp"
#include "config/repo_config.hpp"
#include "core/error.hpp"
#include "core/scan_report.hpp"
#include "detect/detector.hpp"
#include "report/report.hpp"
#include "rules/rule_loader.hpp"
#include "rules/rule_set.hpp"
#include "scan/scan.hpp"
#include "workflow/analyze.hpp"

namespace nts::cli {

// Options shared by the commands that produce a report.
struct OutputOptions {
  std::string format;
  std::string output;  // empty: stdout
  std::string fail_on = "high";
  std::string min_confidence = "low";
  bool no_color = false;
  std::string color = "auto";  // --color auto|always|never
  std::string baseline;        // --baseline FILE: drop the findings it lists
  std::string write_baseline;  // --write-baseline FILE
  // --write-report FORMAT=FILE (repeatable): the same report in more formats
  // from one scan (the Action writes JSON, SARIF and Markdown next to the
  // GitHub annotations on stdout).
  std::vector<std::string> extra_reports;
  // A range scan's baseline inside the repository is BASE's copy (a pull
  // request must not accept its own finding): `shown` names it, `text` is
  // nullopt when BASE has none (then nothing is accepted, with a note).
  struct BaseCopy {
    std::string shown;
    std::optional<std::string> text;
  };
  std::optional<BaseCopy> baseline_at_base;
};

// The width of the terminal `fd` is, in columns; 0 when it is none.
unsigned terminal_columns(int fd);

// Whether text output is coloured. --no-color and --color always|never decide;
// with --color auto (the default) a non-empty NO_COLOR turns colour off, then a
// FORCE_COLOR other than "", "0" or "false" turns it on, and otherwise colour
// follows whether the output is a terminal (docs/usage.md).
bool use_color(const OutputOptions& options, bool to_terminal);

// The one place that prints an error: "npm-token-scan: error: …" on stderr.
void print_error(const core::Error& error);
// 2 for a usage or configuration error, 3 for a runtime failure (docs/exit-codes.md).
ExitCode exit_code_for(const core::Error& error);
// print_error, then the exit code for the error's kind: usage (2) or runtime (3).
ExitCode fail(const core::Error& error);
void print_issues(const std::vector<core::ScanIssue>& issues);

// The rule files of --rules DIR, read where the scan trusts them: from disk,
// or from the range's BASE when DIR lies inside the scanned repository. Rules
// from the scanned repository (`from_repository`) may not replace a leak rule.
struct ExtraRules {
  std::vector<rules::RuleFileText> files;
  bool from_repository = false;
  bool empty() const { return files.empty(); }
};
// From disk as named (org, `rules`): the user's own directory.
core::Result<ExtraRules> extra_rules_from_disk(const std::string& dir);

// Builtin rules merged with the extra rules, not compiled yet. Errors are
// configuration errors (exit 2).
core::Result<std::vector<rules::Rule>> load_rule_list(const ExtraRules& extra);
core::Result<std::vector<rules::Rule>> load_rule_list(const std::string& extra_dir);

// Builtin rules merged with --rules DIR, compiled. Errors are configuration errors (exit 2).
core::Result<rules::RuleSet> load_rules(const std::string& extra_dir);

// The compiled rules and a detector over them; the detector points into `rules`,
// so the two live together.
struct LoadedRules {
  std::unique_ptr<rules::RuleSet> rules;
  std::optional<detect::Detector> detector;
};
// load_rules + Detector::create; prints the error and returns nullopt on failure
// (a configuration error: exit 2).
std::optional<LoadedRules> load_detector(const std::string& extra_dir);
std::optional<LoadedRules> load_detector(const ExtraRules& extra);

// The detector for a scan, and the rules it was built from. The builtin rules
// compile on another thread while the scan walks the tree or reads the index
// (they were checked when the binary was built, so that cannot fail but for a
// bug: detector() then throws). Rules from --rules DIR are compiled before the
// scan starts, so that an error in them is a configuration error (exit 2).
class ScanDetector {
 public:
  // When the builtin rules compile: on another thread from the start (a scan
  // needs them soon), or on the first source() call (an org re-run whose
  // results are all reused needs them never).
  enum class Compile { in_background, on_first_use };
  // nullopt after printing the error (exit 2).
  static std::optional<ScanDetector> start(const ExtraRules& extra,
                                           Compile when = Compile::in_background);
  const std::vector<rules::Rule>& rule_list() const { return *m_rule_list; }
  scan::DetectorSource source() const;
  const rules::RuleSet& rule_set() const;  // waits for the compilation

 private:
  std::shared_ptr<const std::vector<rules::Rule>> m_rule_list;
  std::shared_future<std::shared_ptr<const LoadedRules>> m_loaded;
};

// The analyses of a whole snapshot that every scan runs (the workflow analysis).
scan::SnapshotAnalysis snapshot_analysis(workflow::AnalysisOptions options = {});

// Where a repository keeps its CI files when not at the default place, as the
// command line says it (add_analysis_flags); "" when not given.
struct AnalysisFlags {
  std::string gitlab_ci_file;   // repository-relative; "" = .gitlab-ci.yml
  std::string circleci_config;  // repository-relative; "" = .circleci/config.yml
};

// The workflow analysis' options for one repository: each flag given wins
// over the repository config's key (`gitlab-ci-file`, `circleci-config`), so
// `scan`, `fix`, the pre-commit hook (`scan --staged`) and each repository of
// `org` (config only) read the same files. A flag that names no path inside
// the repository is a usage error.
core::Result<workflow::AnalysisOptions> analysis_options(const AnalysisFlags& flags,
                                                         const config::RepoConfig* config);

// The baseline --baseline names (or a range scan's BASE copy), read for the
// post-scan policy; nullopt without --baseline. Errors are configuration errors (exit 2).
core::Result<std::optional<config::Baseline>> read_baseline_option(const OutputOptions& options);

// Writes the finished report (scan::run) where asked and picks the exit code.
// `accepted` are the findings the baseline left out, which --write-baseline
// still writes. `rules` (the loaded rules) lets SARIF describe every rule;
// null is allowed.
ExitCode finish(const core::ScanReport& report, const OutputOptions& options,
                const std::vector<rules::Rule>* rules = nullptr,
                const std::vector<core::Finding>& accepted = {});

}  // namespace nts::cli
