// `npm-token-scan org` (many repositories, one report) and `npm-token-scan
// merge` (shard reports into one). The work is in src/org; this file turns
// flags into options, prints errors and picks the exit code.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "fix/plan.hpp"
#include "fix/render.hpp"
#include "org/aggregate.hpp"
#include "org/fix_patches.hpp"
#include "org/github.hpp"
#include "org/inputs.hpp"
#include "org/runner.hpp"
#include "org/shard.hpp"
#include "org/store.hpp"
#include "org/url.hpp"
#include "util/file.hpp"
#include "util/output_file.hpp"
#include "util/text.hpp"
#include "util/workers.hpp"
#include "version.hpp"

namespace nts::cli {
namespace {

// The longest wait or time budget an option accepts: a year, in seconds.
constexpr long k_max_seconds = 365L * 24 * 3600;

struct OrgArgs {
  std::string repos_file;
  std::string dir;
  std::string github_org;
  std::string api_url = "https://api.github.com";
  bool include_archived = false;
  bool include_forks = false;
  long max_wait = 3600;
  std::string cache_dir;
  unsigned jobs = 0;
  bool history = false;
  std::string out_dir;
  double timeout = 0;
  std::string shard;
  std::string format = "json";
  std::string output;
  std::string fail_on = "high";
  std::string rules_dir;
  std::vector<std::string> token_hosts;
  std::string fix_dir;
};

struct MergeArgs {
  std::vector<std::string> files;
  std::string format = "json";
  std::string output;
  std::string fail_on = "high";
};

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string default_cache_dir() {
  std::string base = env("XDG_CACHE_HOME");
  if (base.empty()) {
    base = env("HOME").empty() ? std::string(".") : env("HOME") + "/.cache";
  }
  return base + "/npm-token-scan/mirrors";
}

// Writes the report, then: 1 findings at or above --fail-on (wins, as in
// `scan`), 3 a repository could not be scanned, 0 otherwise.
ExitCode write_and_exit(const nlohmann::ordered_json& report, const std::string& format,
                        const std::string& output, const std::string& fail_on) {
  auto kind = org::parse_org_format(format);
  if (output.empty()) {
    org::write_org_report(std::cout, kind, report);
    std::cout.flush();
  } else {
    std::ostringstream rendered;
    org::write_org_report(rendered, kind, report);
    if (auto failed = util::write_output_file(output, rendered.str()); !failed.empty()) {
      print_error({"cannot write the report: " + failed,
                   core::Location{output, 0, 0},
                   "check that the folder exists and is writable",
                   {}});
      return ExitCode::incomplete;
    }
  }
  int failed = report["summary"]["failed"].get<int>();
  if (failed > 0) {
    std::cerr << "npm-token-scan: error: " << failed
              << " repositories could not be scanned (status \"error\" in the report):\n";
    // Repository names and errors come from URLs, folders and servers: escaped,
    // so none can forge a line or a workflow command on a runner.
    for (const auto& entry : report["repositories"]) {
      if (entry["status"] != "ok") {
        std::cerr << "  " << util::escape_control(org::text_member(entry, "repository")) << ": "
                  << util::escape_control(org::text_member(entry, "error")) << '\n';
      }
    }
  }
  if (org::has_finding_at_or_above(report, fail_on)) {
    return ExitCode::findings;
  }
  return failed > 0 ? ExitCode::incomplete : ExitCode::clean;
}

// RFC 2822, as a patch's Date: header carries it.
std::string mail_date() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char stamp[64];
  std::strftime(stamp, sizeof stamp, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return stamp;
}

// --fix-dir: `npm-token-scan fix` on each repository's scanned snapshot, as
// a patch `git am` applies. Reasons and notes quote workflow text: masked.
// Each repository's own config says where it keeps its CI files; org has no
// flags for it (one setting cannot fit hundreds of repositories).
workflow::AnalysisOptions org_analysis_options(const config::RepoConfig* config) {
  auto options = analysis_options({}, config);  // no flags: cannot fail
  return options ? *options : workflow::AnalysisOptions{};
}

org::FixPatch fix_patch(const scan::DetectorSource& source) {
  return [source](const core::RepoView& snapshot, const rules::RuleSet& rules,
                  const std::string& head, const config::RepoConfig* config) {
    const detect::Detector& detector = source();
    fix::FixOptions options;
    options.analysis = org_analysis_options(config);
    options.holds_secret = [&detector](std::string_view text) {
      return detector.mask_secrets(text) != text;
    };
    auto plan = fix::plan_fix(snapshot, rules, options);
    for (auto& job : plan.jobs) {
      job.reason = detector.mask_secrets(job.reason);
      for (auto& note : job.notes) {
        note = detector.mask_secrets(note);
      }
      for (auto& edit : job.edits) {
        edit.edit.reason = detector.mask_secrets(edit.edit.reason);
      }
    }
    return fix::render_patch(plan, head, mail_date());
  };
}

ExitCode run_org(const OrgArgs& args) {
  if (args.repos_file.empty() && args.dir.empty() && args.github_org.empty()) {
    print_error({"org needs repositories: --repos FILE, --dir DIR or --github-org NAME",
                 {},
                 "see docs/org.md",
                 {}});
    return ExitCode::usage;
  }
  org::Shard shard;
  if (!args.shard.empty()) {
    auto parsed = org::parse_shard(args.shard);
    if (!parsed) {
      return fail(parsed.error());
    }
    shard = *parsed;
  }
  // The rules compile when the first repository is scanned: a re-run whose
  // results are all reused (--out) never compiles them.
  auto extra_rules = extra_rules_from_disk(args.rules_dir);
  if (!extra_rules) {
    return fail(extra_rules.error());
  }
  auto detector = ScanDetector::start(*extra_rules, ScanDetector::Compile::on_first_use);
  if (!detector) {
    return ExitCode::usage;
  }
  std::string token = env("GH_TOKEN");
  if (token.empty()) {
    token = env("GITHUB_TOKEN");
  }
  if (!args.github_org.empty() && !token.empty() && !org::is_secure_transport(args.api_url)) {
    print_error({"--api-url is not https: GH_TOKEN would travel unencrypted",
                 core::Location{org::without_userinfo(args.api_url), 0, 0},
                 "use the https:// URL of the API (GitHub Enterprise Server: https://HOST/api/v3)",
                 {}});
    return ExitCode::usage;
  }

  std::vector<std::string> repositories;
  std::vector<org::RepoResult> refused;  // entries reported as errors without a scan
  org::BatchOptions batch;
  if (!args.repos_file.empty()) {
    auto listed = org::read_repo_list(args.repos_file);
    if (!listed) {
      return fail(listed.error());
    }
    repositories.insert(repositories.end(), listed->begin(), listed->end());
  }
  // --dir is walked while the first repositories are scanned (run_batch).
  if (!args.dir.empty()) {
    if (auto checked = org::check_repository_dir(args.dir); !checked) {
      return fail(checked.error());
    }
  }
  if (!args.github_org.empty()) {
    org::GithubOptions github;
    github.api_url = args.api_url;
    github.org = args.github_org;
    github.token = token;
    github.include_archived = args.include_archived;
    github.include_forks = args.include_forks;
    github.max_wait_seconds = args.max_wait;
    auto listed = org::list_org_repositories(github, std::cerr);
    if (!listed) {
      // Without the list nothing can be scanned: a runtime error, not a usage one.
      print_error(listed.error());
      return ExitCode::incomplete;
    }
    repositories.insert(repositories.end(), listed->repositories.begin(),
                        listed->repositories.end());
    batch.listed.insert(listed->repositories.begin(), listed->repositories.end());
    batch.listing_scope = org::listing_token_scope(args.api_url);
    for (auto& result : listed->refused) {
      if (org::in_shard(result.repository, shard)) {
        refused.push_back(std::move(result));
      }
    }
  }
  batch.repos_scope.hosts.insert(args.token_hosts.begin(), args.token_hosts.end());
  org::normalise(repositories);
  repositories = org::select_shard(repositories, shard);

  std::unique_ptr<org::ResultStore> store;
  if (!args.out_dir.empty()) {
    auto opened = org::ResultStore::open(args.out_dir, args.history ? "history" : "head");
    if (!opened) {
      return fail(opened.error());
    }
    store = std::make_unique<org::ResultStore>(std::move(*opened));
  }

  std::unique_ptr<org::FixPatchFiles> patch_files;
  if (!args.fix_dir.empty()) {
    std::error_code failed;
    std::filesystem::create_directories(args.fix_dir, failed);
    if (failed || !std::filesystem::is_directory(args.fix_dir)) {
      print_error({"cannot create the folder for patches" +
                       (failed ? ": " + failed.message() : std::string()),
                   core::Location{args.fix_dir, 0, 0},
                   "give --fix-dir a folder that exists or can be created",
                   {}});
      return ExitCode::usage;
    }
    patch_files = std::make_unique<org::FixPatchFiles>(args.fix_dir);
    batch.fix_patch = fix_patch(detector->source());
    batch.patch_files = patch_files.get();
  }
  batch.jobs = args.jobs == 0 ? util::default_jobs() : args.jobs;
  batch.cache_dir = args.cache_dir.empty() ? default_cache_dir() : args.cache_dir;
  batch.token = token;
  batch.timeout_seconds = args.timeout;
  batch.history = args.history;
  batch.store = store.get();
  batch.run_key = org::run_key(detector->rule_list(), k_version, args.history,
                               org::RepoScanOptions{}.max_blob_size);
  core::Status walked = core::ok_status();
  std::vector<core::Error> skipped_folders;
  org::Discovery discover;
  std::size_t found_in_dir = 0;
  if (!args.dir.empty()) {
    discover = [&](const org::AddRepository& add) {
      try {
        walked = org::walk_repositories(
            args.dir,
            [&](std::string path) {
              ++found_in_dir;
              if (org::in_shard(path, shard)) {
                add(std::move(path));
              }
            },
            [&](std::string path, std::string why) {
              // Listed in the report with status error; the batch has joined
              // this thread before `refused` is read.
              if (org::in_shard(path, shard)) {
                refused.push_back(org::failed_result(std::move(path), std::move(why)));
              }
            },
            skipped_folders);
      } catch (const std::exception& e) {
        walked = core::Error{
            std::string("cannot list: ") + e.what(), core::Location{args.dir, 0, 0}, {}, {}};
      }
    };
  }
  org::Progress progress(std::cerr, repositories.size(), ::isatty(STDERR_FILENO) == 1,
                         terminal_columns(STDERR_FILENO));
  auto results = org::run_batch(
      repositories, discover, batch, detector->source(),
      [](const config::RepoConfig* config) {
        return snapshot_analysis(org_analysis_options(config));
      },
      progress);
  if (store) {
    store->compact();
  }
  std::move(refused.begin(), refused.end(), std::back_inserter(results));
  auto report = org::org_report(std::move(results), k_version);
  // After the progress line has ended: what the run found, in one line (no
  // repository text in it).
  std::cerr << org::summary_line(report) << '\n';
  auto code = write_and_exit(report, args.format, args.output, args.fail_on);
  if (patch_files && patch_files->failed() > 0) {
    std::cerr << "npm-token-scan: error: " << patch_files->failed()
              << " patches could not be written to --fix-dir (see the progress lines)\n";
    code = code == ExitCode::findings ? code : ExitCode::incomplete;
  }
  // Every repository found was scanned and reported; folders that could not be
  // listed (and, after an error, the rest of the walk) were not.
  for (const auto& skipped : skipped_folders) {
    print_error(skipped);
  }
  if (!walked) {
    print_error(walked.error());
  }
  if (!walked || !skipped_folders.empty()) {
    return code == ExitCode::findings ? code : ExitCode::incomplete;
  }
  if (!args.dir.empty() && found_in_dir == 0) {
    // An empty report is not a clean bill of health: nothing was scanned.
    std::cerr << "npm-token-scan: warning: " << util::escape_control(args.dir)
              << ": no git repository found below this folder; nothing was scanned (point "
                 "--dir at a folder whose subfolders are clones)\n";
    return code == ExitCode::findings ? code : ExitCode::incomplete;
  }
  return code;
}

ExitCode run_merge(const MergeArgs& args) {
  std::vector<std::pair<std::string, nlohmann::ordered_json>> reports;
  for (const auto& file : args.files) {
    std::error_code read_error;
    auto text = util::read_file(file, read_error);
    if (!text) {
      print_error({"cannot read the report", core::Location{file, 0, 0}, {}, {}});
      return ExitCode::usage;
    }
    auto doc = nlohmann::ordered_json::parse(*text, nullptr, false);
    if (doc.is_discarded()) {
      print_error({"not valid JSON",
                   core::Location{file, 0, 0},
                   "merge takes the output of 'npm-token-scan org --format json'",
                   {}});
      return ExitCode::usage;
    }
    reports.emplace_back(file, std::move(doc));
  }
  auto merged = org::merge_reports(reports, k_version);
  if (!merged) {
    return fail(merged.error());
  }
  return write_and_exit(*merged, args.format, args.output, args.fail_on);
}

void add_report_options(CLI::App& command, std::string& format, std::string& output,
                        std::string& fail_on) {
  command.add_option("--format", format, "Report format")
      ->check(CLI::IsMember(org::org_format_names()))
      ->capture_default_str();
  command.add_option("--output,-o", output, "Write the report to FILE instead of stdout");
  command.add_option("--fail-on", fail_on, "Exit 1 when a finding is at or above this severity")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "never"}))
      ->capture_default_str();
}

}  // namespace

Runner add_org_command(CLI::App& app) {
  auto args = std::make_shared<OrgArgs>();
  auto* command = app.add_subcommand("org", "Scan many repositories into one migration report");
  command->add_option("--repos", args->repos_file, "File with one repository URL or path a line");
  command->add_option("--dir", args->dir, "Scan every repository below DIR (bare or not)");
  command->add_option("--github-org", args->github_org,
                      "Scan every repository of a GitHub organisation (token: GH_TOKEN)");
  command->add_option("--api-url", args->api_url, "GitHub API URL (GitHub Enterprise Server)")
      ->capture_default_str();
  command->add_flag("--include-archived", args->include_archived, "Scan archived repositories too");
  command->add_flag("--include-forks", args->include_forks, "Scan forks too");
  command
      ->add_option("--max-wait", args->max_wait,
                   "Longest GitHub rate-limit wait in seconds before giving up")
      ->check(CLI::Range(0L, k_max_seconds))
      ->capture_default_str();
  command->add_option("--cache", args->cache_dir,
                      "Folder for bare mirrors (default: ~/.cache/npm-token-scan/mirrors)");
  command->add_option("--jobs,-j", args->jobs, "Repositories scanned at once (default: cores)")
      ->check(CLI::Range(0U, k_max_jobs));
  command->add_flag("--history", args->history, "Also scan every commit for leaked tokens");
  command->add_option(
      "--out", args->out_dir,
      "Folder for per-run JSON Lines results; a rerun skips unchanged repositories");
  command
      ->add_option("--timeout", args->timeout,
                   "Seconds per repository (clone, fetch and scan; decimals allowed); 0: no limit")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            // NaN passes CLI11's range checks, and 1e308 seconds overflows a clock.
            double seconds = 0;
            return CLI::detail::lexical_cast(text, seconds) && std::isfinite(seconds) &&
                           seconds >= 0 && seconds <= static_cast<double>(k_max_seconds)
                       ? std::string()
                       : "a number of seconds from 0 to " + std::to_string(k_max_seconds);
          },
          "SECONDS"))
      ->capture_default_str();
  command->add_option("--shard", args->shard, "Scan only part I/N of the list (0 <= I < N)");
  command->add_option("--rules", args->rules_dir, "Directory of extra or overriding rule files");
  command->add_option("--token-host", args->token_hosts,
                      "Send GH_TOKEN to https URLs of this host from --repos (repeatable; "
                      "default: never)");
  command->add_option("--fix-dir", args->fix_dir,
                      "Write one patch per repository (git am) that moves its token-publishing "
                      "jobs to trusted publishing");
  add_report_options(*command, args->format, args->output, args->fail_on);
  return [args] { return run_org(*args); };
}

Runner add_merge_command(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  auto* command =
      app.add_subcommand("merge", "Combine org reports (from --shard runs) into one report");
  command->add_option("files", args->files, "Org reports (JSON)")->required();
  add_report_options(*command, args->format, args->output, args->fail_on);
  return [args] { return run_merge(*args); };
}

}  // namespace nts::cli
