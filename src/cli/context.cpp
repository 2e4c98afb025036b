#include "cli/context.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "config/baseline.hpp"
#include "rules/builtin_rules.hpp"
#include "rules/rule_loader.hpp"
#include "util/output_file.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace nts::cli {

// Errors and issues quote repository text (a config line, a YAML message, a
// path): every part is escaped, so nothing can forge a line or, at the start of
// one, a GitHub workflow command (`::stop-commands::`).
unsigned terminal_columns(int fd) {
  if (::isatty(fd) != 1) {
    return 0;
  }
  struct winsize size = {};
  return ::ioctl(fd, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

bool use_color(const OutputOptions& options, bool to_terminal) {
  if (options.no_color || options.color == "never") {
    return false;
  }
  if (options.color == "always") {
    return true;
  }
  auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
  };
  if (set("NO_COLOR")) {
    return false;
  }
  if (set("FORCE_COLOR")) {
    std::string_view force = std::getenv("FORCE_COLOR");
    return force != "0" && force != "false";
  }
  return to_terminal;
}

void print_error(const core::Error& error) {
  core::Error shown = error;
  shown.message = util::escape_control(error.message);
  shown.excerpt = util::escape_control(error.excerpt);
  shown.hint = util::escape_control(error.hint);
  if (shown.location) {
    shown.location->path = util::escape_control(error.location->path);
  }
  std::cerr << "npm-token-scan: error: " << shown.describe_with_context() << '\n';
}

ExitCode exit_code_for(const core::Error& error) {
  return error.kind == core::ErrorKind::runtime ? ExitCode::incomplete : ExitCode::usage;
}

ExitCode fail(const core::Error& error) {
  print_error(error);
  return exit_code_for(error);
}

void print_issues(const std::vector<core::ScanIssue>& issues) {
  for (const auto& issue : issues) {
    std::cerr << "npm-token-scan: "
              << (issue.kind == core::ScanIssue::Kind::error ? "error: " : "note: ")
              << util::escape_control(issue.path);
    if (issue.line > 0) {
      std::cerr << ':' << issue.line;
    }
    std::cerr << ": " << util::escape_control(issue.message) << '\n';
  }
}

core::Result<ExtraRules> extra_rules_from_disk(const std::string& dir) {
  ExtraRules extra;
  if (dir.empty()) {
    return extra;
  }
  auto files = rules::read_rule_dir(dir);
  if (!files) {
    return files.error();
  }
  extra.files = std::move(*files);
  return extra;
}

core::Result<std::vector<rules::Rule>> load_rule_list(const ExtraRules& extra) {
  std::vector<rules::Rule> all = rules::builtin_rules();
  if (!extra.empty()) {
    auto loaded = rules::load_rule_files(extra.files);
    if (!loaded) {
      return loaded.error();
    }
    if (extra.from_repository) {
      if (auto refused = rules::refuse_leak_overrides(all, *loaded); !refused) {
        return refused.error();
      }
    }
    all = rules::merge_rules(std::move(all), std::move(*loaded));
  }
  return all;
}

core::Result<std::vector<rules::Rule>> load_rule_list(const std::string& extra_dir) {
  auto extra = extra_rules_from_disk(extra_dir);
  if (!extra) {
    return extra.error();
  }
  return load_rule_list(*extra);
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

std::optional<ScanDetector> ScanDetector::start(const ExtraRules& extra, Compile when) {
  ScanDetector out;
  if (!extra.empty()) {
    auto loaded = load_detector(extra);
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
  out.m_loaded =
      std::async(when == Compile::in_background ? std::launch::async : std::launch::deferred,
                 [list = out.m_rule_list] { return compile_or_throw(*list); })
          .share();
  return out;
}

scan::DetectorSource ScanDetector::source() const {
  return [loaded = m_loaded]() -> const detect::Detector& { return *loaded.get()->detector; };
}

const rules::RuleSet& ScanDetector::rule_set() const {
  return *m_loaded.get()->rules;
}

std::optional<LoadedRules> load_detector(const std::string& extra_dir) {
  auto extra = extra_rules_from_disk(extra_dir);
  if (!extra) {
    print_error(extra.error());
    return std::nullopt;
  }
  return load_detector(*extra);
}

std::optional<LoadedRules> load_detector(const ExtraRules& extra) {
  auto list = load_rule_list(extra);
  if (!list) {
    print_error(list.error());
    return std::nullopt;
  }
  auto rule_set = rules::RuleSet::compile(std::move(*list));
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
// Writes one report file (never coloured) through util::write_output_file;
// false after printing the error.
bool write_report_file(const std::string& path, report::Format format,
                       const core::ScanReport& report, report::RenderOptions render,
                       bool color = false) {
  // Colour in a file only when asked for (--color always with -o); never in
  // the --write-report files.
  render.color = color && format == report::Format::text;
  std::ostringstream rendered;
  report::write_report(rendered, format, report, render);
  if (auto failed = util::write_output_file(path, rendered.str()); !failed.empty()) {
    print_error({"cannot write the report: " + failed,
                 core::Location{path, 0, 0},
                 "check that the folder exists and is writable",
                 {}});
    return false;
  }
  return true;
}

}  // namespace

core::Result<std::optional<config::Baseline>> read_baseline_option(const OutputOptions& options) {
  if (options.baseline_at_base) {
    config::Baseline baseline;
    baseline.name = options.baseline_at_base->shown;
    if (!options.baseline_at_base->text) {
      baseline.missing_note =
          "no baseline in the range's base: a range scan reads the baseline from its base, "
          "so a change cannot accept its own findings; nothing is left out";
      return std::optional<config::Baseline>(std::move(baseline));
    }
    auto read = config::parse_baseline(*options.baseline_at_base->text, baseline.name);
    if (!read) {
      return read.error();
    }
    baseline.fingerprints = std::move(*read);
    return std::optional<config::Baseline>(std::move(baseline));
  }
  if (options.baseline.empty()) {
    return std::optional<config::Baseline>();
  }
  auto read = config::read_baseline(options.baseline);
  if (!read) {
    return read.error();
  }
  return std::optional<config::Baseline>(config::Baseline{options.baseline, std::move(*read), {}});
}

ExitCode finish(const core::ScanReport& report, const OutputOptions& options,
                const std::vector<rules::Rule>* rules, const std::vector<core::Finding>& accepted) {
  if (!options.write_baseline.empty()) {
    // Every finding above the confidence floor: refreshing a baseline keeps
    // what it accepted (`--baseline F --write-baseline F`).
    std::vector<core::Finding> all = report.findings;
    all.insert(all.end(), accepted.begin(), accepted.end());
    auto written = config::write_baseline(options.write_baseline, all);
    if (!written) {
      print_error(written.error());
      return ExitCode::incomplete;
    }
  }
  auto format = report::parse_format(options.format.empty() ? "text" : options.format);
  auto extra_reports = parse_extra_reports(options.extra_reports);
  if (!extra_reports) {
    return fail(extra_reports.error());
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
    bool terminal = ::isatty(STDOUT_FILENO) == 1;
    render.color = *format == report::Format::text && use_color(options, terminal);
    render.width = terminal ? terminal_columns(STDOUT_FILENO) : 0;
    report::write_report(std::cout, *format, report, render);
    std::cout.flush();
  } else {
    written =
        write_report_file(options.output, *format, report, render, options.color == "always") &&
        written;
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
