#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
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
    std::cerr << "npm-token-scan: error: " << util::escape_control(e.what())
              << "\nRun 'npm-token-scan --help' for usage.\n";
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
