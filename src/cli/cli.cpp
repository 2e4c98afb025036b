#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <map>
#include <string>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace nts::cli {
namespace {

std::vector<std::string> long_option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const auto* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
  }
  return names;
}

bool takes_positionals(const CLI::App& command) {
  for (const auto* option : command.get_options()) {
    if (option->get_positional()) {
      return true;
    }
  }
  return false;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto guess = util::closest_match(word, candidates);
  return guess ? " (did you mean " + *guess + "?)" : std::string();
}

// A misspelt command or long option, named with the closest known one, before
// CLI11 parses: CLI11 would take `--fromat json .` apart and blame the path.
// Empty when every command and long option is known.
std::string misspelling(const CLI::App& app, int argc, char** argv) {
  const CLI::App* command = &app;
  std::string path;  // "rules list"
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") {
      break;  // the rest are positional
    }
    if (arg.rfind("--", 0) == 0) {
      auto name = arg.substr(0, arg.find('='));
      auto known = long_option_names(*command);
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string where = path.empty() ? std::string() : " for '" + path + "'";
        return "unknown option '" + std::string(name) + "'" + where + did_you_mean(name, known);
      }
      continue;
    }
    if (arg.empty() || arg[0] == '-') {
      continue;
    }
    std::vector<std::string> names;
    for (const auto* sub : command->get_subcommands({})) {
      names.push_back(sub->get_name());
    }
    if (std::find(names.begin(), names.end(), arg) != names.end()) {
      command = command->get_subcommand(std::string(arg));
      path += (path.empty() ? "" : " ") + std::string(arg);
    } else if (!names.empty() && !takes_positionals(*command)) {
      std::string where = path.empty() ? std::string() : " for '" + path + "'";
      return "unknown command '" + std::string(arg) + "'" + where + did_you_mean(arg, names);
    }
    // Otherwise a positional argument or an option's value.
  }
  return {};
}

// "Run 'npm-token-scan scan --help'" for an error in a command's arguments.
std::string help_hint(int argc, char** argv, const CLI::App& app) {
  const CLI::App* command = &app;
  std::string path;
  for (int i = 1; i < argc && std::string_view(argv[i]) != "--"; ++i) {
    std::string_view arg = argv[i];
    if (arg.empty() || arg[0] == '-') {
      continue;
    }
    for (const auto* sub : command->get_subcommands({})) {
      if (sub->get_name() == arg) {
        command = sub;
        path += " " + std::string(arg);
        break;
      }
    }
  }
  return "Run 'npm-token-scan" + path + " --help' for usage.\n";
}

// The first line is the one scripts read ("npm-token-scan X.Y.Z"); the
// provenance lines follow.
std::string version_text() {
  return std::string("npm-token-scan ") + k_version + "\ncommit " + k_build_commit + "\nbuilt " +
         k_build_date;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{
      "npm-token-scan: finds npm tokens in repositories and the release workflows that depend on "
      "them",
      "npm-token-scan"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage or configuration "
      "error;\n"
      "3 part of the input could not be scanned (named on stderr). See docs/exit-codes.md.");

  std::map<std::string, Runner> runners;
  runners["scan"] = add_scan_command(app);
  runners["rules"] = add_rules_command(app);
  runners["org"] = add_org_command(app);
  runners["merge"] = add_merge_command(app);
  runners["hook"] = add_hook_command(app);
  runners["fix"] = add_fix_command(app);

  if (argc <= 1) {
    // No command: the overview, on stderr (stdout carries reports only).
    std::cerr << app.help();
    return to_int(ExitCode::usage);
  }
  if (auto unknown = misspelling(app, argc, argv); !unknown.empty()) {
    std::cerr << "npm-token-scan: error: " << util::escape_control(unknown) << '\n'
              << help_hint(argc, argv, app);
    return to_int(ExitCode::usage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return to_int(ExitCode::clean);
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return to_int(ExitCode::clean);
  } catch (const CLI::CallForVersion&) {
    std::cout << version_text() << '\n';
    return to_int(ExitCode::clean);
  } catch (const CLI::ParseError& e) {
    std::cerr << "npm-token-scan: error: " << util::escape_control(e.what()) << '\n'
              << help_hint(argc, argv, app);
    return to_int(ExitCode::usage);
  }

  try {
    for (auto* sub : app.get_subcommands()) {
      auto runner = runners.find(sub->get_name());
      if (runner != runners.end()) {
        return to_int(runner->second());
      }
    }
  } catch (const std::exception& e) {
    // A bug, not an input problem: fail closed and say so.
    std::cerr << "npm-token-scan: internal error: " << util::escape_control(e.what())
              << "\nThis is a bug in npm-token-scan; the scan did not complete.\n";
    return to_int(ExitCode::incomplete);
  }
  std::cerr << "npm-token-scan: error: no command given\n";
  return to_int(ExitCode::usage);
}

}  // namespace nts::cli
