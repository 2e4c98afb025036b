#include "cli/context.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <stdexcept>

#include "report/baseline.hpp"
#include "rules/builtin_rules.hpp"
#include "rules/rule_loader.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace nts::cli {

void print_error(const core::Error& error) {
  std::cerr << "npm-token-scan: error: " << error.describe_with_context() << '\n';
}

void print_issues(const std::vector<core::ScanIssue>& issues) {
  for (const auto& issue : issues) {
    std::cerr << "npm-token-scan: "
              << (issue.kind == core::ScanIssue::Kind::error ? "error: " : "note: ")
              << util::escape_control(issue.path);
    if (issue.line > 0) {
      std::cerr << ':' << issue.line;
    }
    std::cerr << ": " << issue.message << '\n';
  }
}

core::Result<std::vector<rules::Rule>> load_rule_list(const std::string& extra_dir) {
  std::vector<rules::Rule> all = rules::builtin_rules();
  if (!extra_dir.empty()) {
    auto extra = rules::load_rule_dir(extra_dir);
    if (!extra) {
      return extra.error();
    }
    all = rules::merge_rules(std::move(all), std::move(*extra));
  }
  return all;
}

core::Result<rules::RuleSet> load_rules(const std::string& extra_dir) {
  auto all = load_rule_list(extra_dir);
  if (!all) {
    return all.error();
  }
  return rules::RuleSet::compile(std::move(*all));
}

namespace {

std::shared_ptr<const LoadedRules> compile_or_throw(const std::vector<rules::Rule>& list) {
  auto set = rules::RuleSet::compile(list);
  if (!set) {
    throw std::runtime_error("the builtin rules do not compile: " + set.error().describe());
  }
  auto loaded = std::make_shared<LoadedRules>();
  loaded->rules = std::make_unique<rules::RuleSet>(std::move(*set));
  auto detector = detect::Detector::create(*loaded->rules);
  if (!detector) {
    throw std::runtime_error("the builtin rules do not load: " + detector.error().describe());
  }
  loaded->detector.emplace(std::move(*detector));
  return loaded;
}

}  // namespace

std::optional<ScanDetector> ScanDetector::start(const std::string& extra_dir) {
  ScanDetector out;
  if (!extra_dir.empty()) {
    auto loaded = load_detector(extra_dir);
    if (!loaded) {
      return std::nullopt;
    }
    auto shared = std::make_shared<const LoadedRules>(std::move(*loaded));
    out.m_rule_list =
        std::shared_ptr<const std::vector<rules::Rule>>(shared, &shared->rules->rules());
    std::promise<std::shared_ptr<const LoadedRules>> ready;
    ready.set_value(shared);
    out.m_loaded = ready.get_future().share();
    return out;
  }
  out.m_rule_list = std::make_shared<const std::vector<rules::Rule>>(rules::builtin_rules());
  out.m_loaded = std::async(std::launch::async, [list = out.m_rule_list] {
                   return compile_or_throw(*list);
                 }).share();
  return out;
}

scan::DetectorSource ScanDetector::source() const {
  return [loaded = m_loaded]() -> const detect::Detector& { return *loaded.get()->detector; };
}

const rules::RuleSet& ScanDetector::rule_set() const {
  return *m_loaded.get()->rules;
}

std::optional<LoadedRules> load_detector(const std::string& extra_dir) {
  auto rule_set = load_rules(extra_dir);
  if (!rule_set) {
    print_error(rule_set.error());
    return std::nullopt;
  }
  LoadedRules loaded;
  loaded.rules = std::make_unique<rules::RuleSet>(std::move(*rule_set));
  auto detector = detect::Detector::create(*loaded.rules);
  if (!detector) {
    print_error(detector.error());
    return std::nullopt;
  }
  loaded.detector.emplace(std::move(*detector));
  return loaded;
}

core::Result<std::optional<config::RepoConfig>> load_repo_config(
    const std::string& path, scan::ConfigSide side, const std::string& range,
    const std::vector<rules::Rule>& rules) {
  auto file = scan::find_repo_config(path, side, range);
  if (!file) {
    return file.error();
  }
  if (!*file) {
    return std::optional<config::RepoConfig>();
  }
  auto parsed = config::parse_repo_config((*file)->source, (*file)->text, rules);
  if (!parsed) {
    return parsed.error();
  }
  parsed->path_prefix = (*file)->path_prefix;
  return std::optional<config::RepoConfig>(std::move(*parsed));
}

namespace {

// --write-report FORMAT=FILE values, checked before anything is written.
core::Result<std::vector<std::pair<report::Format, std::string>>> parse_extra_reports(
    const std::vector<std::string>& values) {
  std::vector<std::pair<report::Format, std::string>> parsed;
  for (const auto& value : values) {
    auto equals = value.find('=');
    auto format =
        equals == std::string::npos ? std::nullopt : report::parse_format(value.substr(0, equals));
    if (!format || equals + 1 >= value.size()) {
      std::string names;
      for (const auto& name : report::format_names()) {
        names += (names.empty() ? "" : ", ") + name;
      }
      return core::Error{"--write-report: '" + util::escape_control(value) + "' is not FORMAT=FILE",
                         {},
                         "FORMAT is one of " + names + "; example: --write-report sarif=scan.sarif",
                         {}};
    }
    parsed.emplace_back(*format, value.substr(equals + 1));
  }
  return parsed;
}

// Writes one report file (never coloured); false after printing the error.
bool write_report_file(const std::string& path, report::Format format,
                       const core::ScanReport& report, report::RenderOptions render) {
  render.color = false;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) {
    report::write_report(out, format, report, render);
  }
  if (!out) {
    print_error(core::Error{"cannot write the report", core::Location{path, 0, 0}, {}, {}});
    return false;
  }
  return true;
}

}  // namespace

ExitCode finish(core::ScanReport report, const OutputOptions& options,
                const std::vector<rules::Rule>* rules, const config::RepoConfig* repo_config) {
  if (repo_config != nullptr) {
    auto ignored = config::apply_repo_config(*repo_config, report.findings);
    report.stats.ignored_by_config = ignored;
    if (ignored > 0) {
      report.issues.push_back(
          {core::ScanIssue::Kind::note, repo_config->source, 0, config::ignored_note(ignored)});
    }
  }
  auto min_confidence =
      core::parse_confidence(options.min_confidence).value_or(core::Confidence::low);
  report.findings.erase(
      std::remove_if(report.findings.begin(), report.findings.end(),
                     [&](const core::Finding& f) { return f.confidence < min_confidence; }),
      report.findings.end());
  // Read before writing: `--baseline F --write-baseline F` refreshes F with
  // every current finding, and only then are the accepted ones dropped.
  std::set<std::string> baseline;
  if (!options.baseline.empty()) {
    auto read = report::read_baseline(options.baseline);
    if (!read) {
      print_error(read.error());
      return ExitCode::usage;
    }
    baseline = std::move(*read);
  }
  if (!options.write_baseline.empty()) {
    auto written = report::write_baseline(options.write_baseline, report.findings);
    if (!written) {
      print_error(written.error());
      return ExitCode::incomplete;
    }
  }
  if (auto dropped = report::apply_baseline(report.findings, baseline); dropped > 0) {
    // Said out loud (stderr and the report's errors/notifications), so that a
    // clean report never hides that findings were accepted.
    report.issues.push_back({core::ScanIssue::Kind::note, options.baseline, 0,
                             std::to_string(dropped) + (dropped == 1 ? " finding" : " findings") +
                                 " left out: accepted in this baseline"});
  }
  auto format = report::parse_format(options.format.empty() ? "text" : options.format);
  auto extra_reports = parse_extra_reports(options.extra_reports);
  if (!extra_reports) {
    print_error(extra_reports.error());
    return ExitCode::usage;
  }
  report::RenderOptions render;
  render.tool_version = k_version;
  render.rules = rules;
  print_issues(report.issues);
  bool written = true;
  for (const auto& [extra_format, file] : *extra_reports) {
    written = write_report_file(file, extra_format, report, render) && written;
  }
  if (options.output.empty()) {
    const char* no_color = std::getenv("NO_COLOR");
    render.color = *format == report::Format::text && !options.no_color &&
                   (no_color == nullptr || *no_color == '\0') && ::isatty(STDOUT_FILENO) == 1;
    report::write_report(std::cout, *format, report, render);
    std::cout.flush();
  } else {
    written = write_report_file(options.output, *format, report, render) && written;
  }
  if (!written) {
    return ExitCode::incomplete;
  }
  if (options.fail_on != "never") {
    auto threshold = core::parse_severity(options.fail_on).value_or(core::Severity::high);
    for (const auto& finding : report.findings) {
      if (finding.severity >= threshold) {
        return ExitCode::findings;
      }
    }
  }
  for (const auto& issue : report.issues) {
    if (issue.kind == core::ScanIssue::Kind::error) {
      return ExitCode::incomplete;
    }
  }
  return ExitCode::clean;
}

}  // namespace nts::cli
