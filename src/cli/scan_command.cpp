#include <algorithm>
#include <charconv>
#include <iostream>
#include <limits>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "git/repository.hpp"
#include "report/report.hpp"
#include "scan/git_scan.hpp"
#include "scan/repo_config_file.hpp"
#include "scan/run.hpp"
#include "util/glob.hpp"
#include "util/text.hpp"

namespace nts::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;  // one PATH, or with --pre-commit the files handed over
  bool pre_commit = false;
  std::string path = ".";
  OutputOptions output;
  std::string rules_dir;
  bool all_files = false;
  bool from_repository_root = false;
  unsigned jobs = 0;
  std::string max_file_size = "64M";
  bool history = false;
  bool staged = false;
  std::string range;
  std::vector<std::string> refs;
  bool no_cache = false;
  AnalysisFlags analysis;
};

// "64M", "1G", "512K", "1000" -> bytes; nullopt for anything else, and for a
// size that does not fit in 64 bits.
std::optional<std::size_t> parse_size(const std::string& text) {
  std::size_t value = 0;
  const char* end = text.data() + text.size();
  auto [rest, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || rest == text.data() || end - rest > 1) {
    return std::nullopt;
  }
  int shift = 0;
  if (rest != end) {
    switch (*rest) {
      case 'K':
      case 'k':
        shift = 10;
        break;
      case 'M':
      case 'm':
        shift = 20;
        break;
      case 'G':
      case 'g':
        shift = 30;
        break;
      default:
        return std::nullopt;
    }
  }
  if (value > (std::numeric_limits<std::size_t>::max() >> shift)) {
    return std::nullopt;
  }
  return value << shift;
}

// --pre-commit FILE...: as the pre-commit framework calls the hook. When the
// files are the commit's own (a commit), it is `--staged`: what the commit
// adds. When it hands over files outside the commit (`run --all-files`,
// `--files`, a manual stage), it scans those files whole, so a token committed
// earlier fails such a run.
core::Result<ScanArgs> resolve_pre_commit(ScanArgs args) {
  args.path = ".";
  if (args.paths.empty()) {
    args.staged = true;
    return args;
  }
  auto repo = git::Repository::open(".");
  if (!repo) {
    return repo.error();
  }
  auto staged = git::staged_paths(*repo);
  if (!staged) {
    return staged.error();
  }
  bool all_staged = std::all_of(args.paths.begin(), args.paths.end(),
                                [&](const std::string& p) { return staged->count(p) > 0; });
  if (all_staged) {
    args.staged = true;
    args.paths.clear();
  }
  return args;
}

// --rules DIR: a directory inside the scanned repository came with its
// contents, so its rules may not replace a leak rule; in a range scan it is
// read from BASE, never from the head a pull request controls.
core::Result<ExtraRules> resolve_extra_rules(const ScanArgs& args) {
  if (args.rules_dir.empty()) {
    return ExtraRules{};
  }
  auto inside = scan::path_in_repository(args.path, args.rules_dir);
  if (!inside || args.range.empty()) {
    auto extra = extra_rules_from_disk(args.rules_dir);
    if (extra) {
      extra->from_repository = inside.has_value();
    }
    return extra;
  }
  auto files = scan::rule_files_at_range_base(args.path, args.range, inside->relative);
  if (!files) {
    return files.error();
  }
  ExtraRules extra;
  extra.from_repository = true;
  for (auto& [name, text] : *files) {
    extra.files.push_back({std::move(name), std::move(text)});
  }
  return extra;
}

// --baseline FILE inside the repository, in a range scan: BASE's copy.
core::Status resolve_baseline(const ScanArgs& args, OutputOptions& output) {
  if (args.range.empty() || output.baseline.empty()) {
    return core::ok_status();
  }
  auto inside = scan::path_in_repository(args.path, output.baseline);
  if (!inside) {
    return core::ok_status();  // the user's own file (RUNNER_TEMP, a secret store...)
  }
  constexpr std::size_t k_max_baseline_bytes = std::size_t{16} << 20;
  auto text =
      scan::read_at_range_base(args.path, args.range, inside->relative, k_max_baseline_bytes);
  if (!text) {
    return text.error();
  }
  output.baseline_at_base = OutputOptions::BaseCopy{
      scan::range_base_name(args.range) + ":" + inside->relative, std::move(*text)};
  return core::ok_status();
}

ExitCode run_scan(ScanArgs args) {
  if (args.pre_commit) {
    if (args.history || args.staged || !args.range.empty()) {
      print_error(
          {"--pre-commit chooses the mode itself; leave out --history, --staged and --range",
           {},
           {},
           {}});
      return ExitCode::usage;
    }
    auto resolved = resolve_pre_commit(std::move(args));
    if (!resolved) {
      return fail(resolved.error());
    }
    args = std::move(*resolved);
  } else if (args.paths.size() > 1) {
    print_error({"scan takes one PATH; several files are for --pre-commit FILE...", {}, {}, {}});
    return ExitCode::usage;
  } else if (args.paths.size() == 1) {
    args.path = args.paths.front();
  }
  auto git_setup = scan::start_git_setup();
  auto extra_rules = resolve_extra_rules(args);
  if (!extra_rules) {
    return fail(extra_rules.error());
  }
  if (auto resolved = resolve_baseline(args, args.output); !resolved) {
    return fail(resolved.error());
  }
  auto detector = ScanDetector::start(*extra_rules);
  if (!detector) {
    return ExitCode::usage;
  }
  auto max_size = parse_size(args.max_file_size);
  if (!max_size) {
    print_error({"--max-file-size: '" + args.max_file_size +
                     "' is not a size of at most 16 EiB (examples: 500K, 64M, 1G)",
                 {},
                 {},
                 {}});
    return ExitCode::usage;
  }
  bool git_mode = args.history || args.staged || !args.range.empty();
  if (!args.refs.empty() && !git_mode) {
    print_error({"--ref narrows --history; add --history", {}, {}, {}});
    return ExitCode::usage;
  }
  // Read before scanning, so that a broken config or baseline fails fast; where
  // the config is read from depends on the mode (a range scan trusts only its BASE).
  // --repo-relative names findings from the work tree's root, as the git modes do.
  auto side = !args.range.empty() ? scan::ConfigSide::base
              : args.history || args.staged || args.from_repository_root
                  ? scan::ConfigSide::work_tree
                  : scan::ConfigSide::scan_directory;
  scan::ScanRequest request;
  auto repo_config = scan::load_repo_config(args.path, side, args.range, detector->rule_list());
  if (!repo_config) {
    return fail(repo_config.error());
  }
  request.policy.repo_config = std::move(*repo_config);
  auto analysis = analysis_options(
      args.analysis, request.policy.repo_config ? &*request.policy.repo_config : nullptr);
  if (!analysis) {
    return fail(analysis.error());
  }
  request.policy.min_confidence =
      core::parse_confidence(args.output.min_confidence).value_or(core::Confidence::low);
  auto baseline = read_baseline_option(args.output);
  if (!baseline) {
    return fail(baseline.error());
  }
  request.policy.baseline = std::move(*baseline);
  if (git_mode) {
    scan::GitScanOptions git;
    git.path = args.path;
    git.mode = args.history  ? scan::GitMode::history
               : args.staged ? scan::GitMode::staged
                             : scan::GitMode::range;
    git.refs = args.refs;
    git.range = args.range;
    git.jobs = args.jobs;
    git.limits.max_file_size = *max_size;
    git.cache = args.history && !args.no_cache;
    request.input = std::move(git);
  } else {
    scan::ScanOptions options;
    options.path = args.path;
    options.all_files = args.all_files;
    options.from_repository_root = args.from_repository_root;
    options.jobs = args.jobs;
    options.limits.max_file_size = *max_size;
    if (args.pre_commit) {
      options.files = args.paths;
    }
    request.input = std::move(options);
  }
  config::PolicyOutcome left_out;
  auto report = scan::run(request, detector->source(), snapshot_analysis(*analysis), &left_out);
  if (!report) {
    return fail(report.error());
  }
  return finish(*report, args.output, &detector->rule_list(), left_out.accepted_by_baseline);
}

}  // namespace

void add_output_options(CLI::App& command, OutputOptions& output) {
  command.add_option("--format", output.format, "Report format")
      ->check(CLI::IsMember(report::format_names()))
      ->default_str("text");
  command.add_option("--output,-o", output.output, "Write the report to FILE instead of stdout");
  command
      .add_option("--fail-on", output.fail_on, "Exit 1 when a finding is at or above this severity")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "never"}))
      ->capture_default_str();
  command
      .add_option("--min-confidence", output.min_confidence,
                  "Leave out findings below this confidence")
      ->check(CLI::IsMember({"low", "medium", "high"}))
      ->capture_default_str();
  auto* color = command
                    .add_option("--color", output.color,
                                "Colour text output: auto (a terminal, unless NO_COLOR; "
                                "FORCE_COLOR forces it), always or never")
                    ->check(CLI::IsMember({"auto", "always", "never"}))
                    ->capture_default_str();
  command.add_flag("--no-color", output.no_color, "Same as --color never")->excludes(color);
  command.add_option("--baseline", output.baseline,
                     "Leave out findings whose fingerprint is in FILE (see --write-baseline)");
  command.add_option("--write-baseline", output.write_baseline,
                     "Write the fingerprints of this scan's findings to FILE, to accept them");
  command
      .add_option("--write-report", output.extra_reports,
                  "Also write the report as FORMAT to FILE (FORMAT=FILE, repeatable): "
                  "several formats from one scan")
      ->allow_extra_args(false);  // one FORMAT=FILE per flag; PATH stays the path
}

Runner add_scan_command(CLI::App& app) {
  auto args = std::make_shared<ScanArgs>();
  auto* command = app.add_subcommand("scan", "Scan a directory or repository work tree");
  command->add_option("path", args->paths, "Directory, work tree or file to scan (default: .)");
  add_output_options(*command, args->output);
  command->add_option("--rules", args->rules_dir, "Directory of extra or overriding rule files");
  auto* history = command->add_flag(
      "--history", args->history,
      "Scan every blob reachable from any ref, each once, with the commit that introduced it");
  auto* staged = command->add_flag("--staged", args->staged,
                                   "Scan what the next commit would add (the index against HEAD)");
  auto* range = command->add_option("--range", args->range,
                                    "Scan what BASE..HEAD adds (as `git diff BASE...HEAD`)");
  history->excludes(staged)->excludes(range);
  staged->excludes(range);
  command->add_flag("--pre-commit", args->pre_commit,
                    "As a pre-commit framework hook: what the commit adds, or the files given "
                    "whole when they are not all staged (run --all-files)");
  command->add_option("--ref", args->refs,
                      "With --history: walk only these revisions (repeatable)");
  command->add_flag("--no-cache", args->no_cache,
                    "With --history: neither read nor write the repository's history cache "
                    "(scan every commit again)");
  command->add_flag("--repo-relative", args->from_repository_root,
                    "PATH is a folder in a git work tree: name files from the repository root "
                    "and analyse the repository's workflows (the GitHub Action's path: input)");
  add_analysis_flags(*command, args->analysis);
  command->add_flag("--all-files", args->all_files,
                    "Scan every file below PATH, not only what git would commit");
  command->add_option("--jobs,-j", args->jobs, "Parallel workers (default: one per core)")
      ->check(CLI::Range(0U, k_max_jobs));
  command
      ->add_option("--max-file-size", args->max_file_size,
                   "Skip larger files with a note (K, M, G suffixes)")
      ->capture_default_str();
  return [args] { return run_scan(*args); };
}

}  // namespace nts::cli
