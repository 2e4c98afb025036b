#include <tuple>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "util/glob.hpp"
#include "util/text.hpp"
#include "workflow/analyze.hpp"

namespace nts::cli {

scan::SnapshotAnalysis snapshot_analysis(workflow::AnalysisOptions options) {
  return
      [options = std::move(options)](const core::RepoView& snapshot,
                                     const detect::Detector& detector, core::ScanReport& report) {
        auto analysis = workflow::analyze_repository(snapshot, detector.rules(), options);
        // The analysis quotes workflow lines; a literal token in one must not reach a report.
        for (auto& finding : analysis.findings) {
          finding.snippet = detector.mask_secrets(finding.snippet);
          finding.message = detector.mask_secrets(finding.message);
        }
        for (auto& workflow : analysis.workflows) {
          for (auto& job : workflow.jobs) {
            for (auto* texts : {&job.advice, &job.blockers}) {
              for (auto& text : *texts) {
                text = detector.mask_secrets(text);
              }
            }
            for (auto& source : job.token_sources) {
              source.from = detector.mask_secrets(source.from);
            }
          }
        }
        core::add_analysis(report, std::move(analysis));
      };
}

void add_analysis_flags(CLI::App& command, AnalysisFlags& flags) {
  command.add_option("--gitlab-ci-file", flags.gitlab_ci_file,
                     "Analyse this repository-relative GitLab CI file instead of "
                     ".gitlab-ci.yml (the project's CI/CD configuration file setting; "
                     "`gitlab-ci-file` in .npm-token-scan.yaml)");
  command.add_option("--circleci-config", flags.circleci_config,
                     "Analyse this repository-relative CircleCI config instead of "
                     ".circleci/config.yml (`circleci-config` in .npm-token-scan.yaml)");
}

core::Result<workflow::AnalysisOptions> analysis_options(const AnalysisFlags& flags,
                                                         const config::RepoConfig* config) {
  workflow::AnalysisOptions options;
  if (config) {
    options.gitlab_ci_file = config->gitlab_ci_file;
    options.circleci_config = config->circleci_config;
  }
  for (auto [flag, given, example, into] :
       {std::tuple{"--gitlab-ci-file", &flags.gitlab_ci_file, ".gitlab-ci.yml",
                   &options.gitlab_ci_file},
        std::tuple{"--circleci-config", &flags.circleci_config, ".circleci/config.yml",
                   &options.circleci_config}}) {
    if (given->empty()) {
      continue;
    }
    auto relative = util::normalize_relative_path(*given);
    if (!relative || relative->empty()) {
      core::Error error;
      error.message = std::string(flag) + " '" + util::escape_control(*given) +
                      "': expected a path inside the repository (" + example + ")";
      return error;
    }
    *into = *relative;
  }
  return options;
}

}  // namespace nts::cli
