#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "scan/examples.hpp"

namespace nts::cli {
namespace {

struct RulesArgs {
  std::string dir;
  std::string format = "text";
};

// docs/rules.md is this output; a test keeps the two equal.
void write_markdown(std::ostream& out, const std::vector<rules::Rule>& rules) {
  out << "# Rules\n\n"
      << "Generated from `rules/*.yaml` by `npm-token-scan rules list --format markdown`; do not "
         "edit.\n"
      << "Each rule file also carries the examples that `npm-token-scan rules test` checks.\n\n"
      << "| rule | severity | confidence | what |\n|---|---|---|---|\n";
  for (const auto& rule : rules) {
    out << "| [`" << rule.id << "`](#" << rule.id << ") | " << core::to_string(rule.severity)
        << " | " << core::to_string(rule.confidence) << " | " << rule.title << " |\n";
  }
  for (const auto& rule : rules) {
    out << "\n## " << rule.id << "\n\n**" << rule.title << "**: severity "
        << core::to_string(rule.severity) << ", confidence " << core::to_string(rule.confidence)
        << ", found by "
        << (rule.engine == rules::Engine::pattern    ? "a pattern"
            : rule.engine == rules::Engine::builtin  ? "a structural check"
            : rule.engine == rules::Engine::workflow ? "the workflow analysis"
                                                     : "another rule's fallback");
    if (!rule.files.empty()) {
      out << " in";
      for (const auto& kind : rule.files) {
        out << ' ' << kind << (&kind == &rule.files.back() ? "" : ",");
      }
      out << " files";
    }
    out << ".";
    if (rule.leak) {
      out << " A leak rule: a repository's `.npm-token-scan.yaml` may not switch it off (see "
             "[configuration](configuration.md)).";
    }
    out << "\n\n";
    if (!rule.description.empty()) {
      out << rule.description << (rule.description.back() == '\n' ? "" : "\n") << '\n';
    }
    out << "Reported as: " << rule.message << ".\n\nWhat to do: " << rule.help << ".\n";
    if (!rule.references.empty()) {
      out << "\nReferences:\n";
      for (const auto& ref : rule.references) {
        out << "- <" << ref << ">\n";
      }
    }
  }
}

ExitCode run_list(const RulesArgs& args) {
  auto rule_set = load_rules(args.dir);
  if (!rule_set) {
    return fail(rule_set.error());
  }
  if (args.format == "markdown") {
    write_markdown(std::cout, rule_set->rules());
    return ExitCode::clean;
  }
  if (args.format == "json") {
    auto out = nlohmann::json::array();
    for (const auto& rule : rule_set->rules()) {
      out.push_back({{"id", rule.id},
                     {"title", rule.title},
                     {"severity", core::to_string(rule.severity)},
                     {"confidence", core::to_string(rule.confidence)},
                     {"engine", rules::to_string(rule.engine)},
                     {"leak", rule.leak},
                     {"source", rule.source}});
    }
    std::cout << out.dump(2) << '\n';
    return ExitCode::clean;
  }
  for (const auto& rule : rule_set->rules()) {
    std::string id = rule.id;
    id.resize(std::max<std::size_t>(id.size(), 32), ' ');
    std::string severity(core::to_string(rule.severity));
    severity.resize(8, ' ');
    std::cout << id << severity << rule.title << '\n';
  }
  return ExitCode::clean;
}

ExitCode run_test(const RulesArgs& args) {
  auto loaded = load_detector(args.dir);
  if (!loaded) {
    return ExitCode::usage;
  }
  auto& detector = loaded->detector;
  auto summary = scan::test_rule_examples(*detector, snapshot_analysis());
  for (const auto& failure : summary.failures) {
    std::cout << failure.source << ':' << failure.line << ": " << failure.rule_id << ": "
              << failure.problem << '\n';
  }
  std::cout << summary.rules << " rules, " << summary.examples << " examples: "
            << (summary.failures.empty() ? "all pass"
                                         : std::to_string(summary.failures.size()) + " failed")
            << '\n';
  return summary.failures.empty() ? ExitCode::clean : ExitCode::findings;
}

}  // namespace

Runner add_rules_command(CLI::App& app) {
  auto args = std::make_shared<RulesArgs>();
  auto* rules = app.add_subcommand("rules", "List the rules or test their examples");
  rules->require_subcommand(1);
  auto* list = rules->add_subcommand("list", "List every rule (builtin and --rules DIR)");
  list->add_option("--rules", args->dir, "Directory of extra or overriding rule files");
  list->add_option("--format", args->format, "text, json or markdown (docs/rules.md)")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  auto* test = rules->add_subcommand("test", "Check every rule's match and no_match examples");
  test->add_option("dir", args->dir,
                   "Directory of extra rule files to load and test with the builtin ones");
  return [args, list] { return list->parsed() ? run_list(*args) : run_test(*args); };
}

}  // namespace nts::cli
