// `npm-token-scan fix`: the workflow analysis' migration as a patch (src/fix/).

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "fix/plan.hpp"
#include "fix/render.hpp"
#include "scan/run.hpp"
#include "util/output_file.hpp"
#include "util/text.hpp"

namespace nts::cli {
namespace {

struct FixArgs {
  std::string path = ".";
  bool diff = false;
  bool write = false;
  std::vector<std::string> jobs;
  std::string format = "text";
  std::string output;
  std::string rules_dir;
  AnalysisFlags analysis;
};

ExitCode run_fix(const FixArgs& args) {
  for (const auto& job : args.jobs) {
    auto colon = job.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == job.size()) {
      print_error({"--job '" + job + "': expected WORKFLOW:JOB (release.yml:publish)", {}, {}, {}});
      return ExitCode::usage;
    }
  }
  auto loaded = load_detector(args.rules_dir);
  if (!loaded) {
    return ExitCode::usage;
  }
  const detect::Detector& detector = *loaded->detector;
  fix::FixOptions options;
  options.jobs = args.jobs;
  options.holds_secret = [&detector](std::string_view text) {
    return detector.mask_secrets(text) != text;
  };
  auto repo_config = scan::load_repo_config(args.path, scan::ConfigSide::scan_directory, {},
                                            loaded->rules->rules());
  if (!repo_config) {
    return fail(repo_config.error());
  }
  auto analysis = analysis_options(args.analysis, *repo_config ? &**repo_config : nullptr);
  if (!analysis) {
    return fail(analysis.error());
  }
  options.analysis = std::move(*analysis);
  fix::FixPlan plan;
  scan::ScanOptions scan_options;
  scan_options.path = args.path;
  scan::ScanRequest request;
  request.input = scan_options;
  // One pipeline (scan::run, as `scan` and `org` use it): the work-tree scan
  // lists the files and hands the snapshot over; fix plans on it instead of
  // reporting.
  auto scanned = scan::run(
      request, [&detector]() -> const detect::Detector& { return detector; },
      [&](const core::RepoView& snapshot, const detect::Detector& scan_detector,
          core::ScanReport&) { plan = fix::plan_fix(snapshot, scan_detector.rules(), options); });
  if (!scanned) {
    return fail(scanned.error());
  }
  bool incomplete = false;
  for (const auto& issue : plan.issues) {
    incomplete = incomplete || issue.kind == core::ScanIssue::Kind::error;
  }
  print_issues(plan.issues);
  if (args.write) {
    std::string root = args.path.empty() || args.path.back() == '/' ? args.path : args.path + "/";
    for (const auto& file : plan.files) {
      if (auto failed = util::write_output_file(root + file.path, file.after); !failed.empty()) {
        std::cerr << "npm-token-scan: error: " << util::escape_control(file.path) << ": "
                  << util::escape_control(failed) << "\n";
        incomplete = true;
      }
    }
  }
  // Reasons and notes quote workflow text: mask any secret in them (the
  // diff itself was refused when it would show one, and must stay exact).
  std::string rendered =
      args.format == "json"       ? detector.mask_secrets(fix::render_json(plan, args.write))
      : args.format == "markdown" ? detector.mask_secrets(fix::render_markdown(plan))
      : args.diff                 ? fix::render_diff(plan)
                                  : detector.mask_secrets(fix::render_text(plan, args.write));
  if (args.output.empty()) {
    std::cout << rendered << std::flush;
  } else if (auto failed = util::write_output_file(args.output, rendered); !failed.empty()) {
    print_error({"cannot write " + args.output + ": " + failed, {}, {}, {}});
    return ExitCode::incomplete;
  }
  // As for scan: a job still publishing with a token (1) wins over input
  // that could not be read (3), which stderr has named.
  for (const auto& job : plan.jobs) {
    if (job.status == fix::JobOutcome::Status::not_fixed) {
      return ExitCode::findings;
    }
  }
  return incomplete ? ExitCode::incomplete : ExitCode::clean;
}

}  // namespace

Runner add_fix_command(CLI::App& app) {
  auto args = std::make_shared<FixArgs>();
  auto* command = app.add_subcommand(
      "fix", "Move token-publishing GitHub Actions jobs to npm trusted publishing, as a patch");
  command->add_option("path", args->path, "Repository work tree (default: .)");
  auto* diff = command->add_flag("--diff", args->diff, "Print only the unified diff (git apply)");
  auto* write = command->add_flag("--write", args->write, "Write the changed files");
  diff->excludes(write);
  command->add_option("--job", args->jobs, "Only WORKFLOW:JOB (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  command->add_option("--output,-o", args->output, "Write the output to FILE instead of stdout");
  command->add_option("--rules", args->rules_dir, "Directory of extra or overriding rule files");
  add_analysis_flags(*command, args->analysis);
  return [args] { return run_fix(*args); };
}

}  // namespace nts::cli
