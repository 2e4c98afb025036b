#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/exit_code.hpp"

namespace nts::cli {

// Each subcommand registers its options on `app` and returns the function that
// runs it once parsing has succeeded.
using Runner = std::function<ExitCode()>;
Runner add_scan_command(CLI::App& app);
Runner add_rules_command(CLI::App& app);
Runner add_org_command(CLI::App& app);    // org: many repositories, one report
Runner add_merge_command(CLI::App& app);  // merge: org shard reports into one
Runner add_hook_command(CLI::App& app);
Runner add_fix_command(CLI::App& app);  // fix: token jobs to trusted publishing

struct OutputOptions;
// --format, --output, --fail-on, --min-confidence, --no-color.
void add_output_options(CLI::App& command, OutputOptions& output);

struct AnalysisFlags;
// --gitlab-ci-file, --circleci-config: for the commands that run the workflow
// analysis on one repository (scan, fix).
void add_analysis_flags(CLI::App& command, AnalysisFlags& flags);

}  // namespace nts::cli
