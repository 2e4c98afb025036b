// The docs in docs/ that describe the binary's surface are compared with the
// binary itself, so they cannot drift: exit codes, the `scan --help` text, and
// the configuration page's example error (format names: formats_test.cpp).
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "tests/support/catch.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

std::string source_file(const std::string& relative) {
  return test::read_file(std::filesystem::path(NTS_SOURCE_DIR) / relative);
}

// The fenced block that follows `intro` in `doc` (without the fences).
std::string block_after(const std::string& doc, const std::string& intro) {
  auto at = doc.find(intro);
  REQUIRE(at != std::string::npos);
  auto open = doc.find("```", at);
  REQUIRE(open != std::string::npos);
  auto start = doc.find('\n', open) + 1;
  auto close = doc.find("\n```", start);
  REQUIRE(close != std::string::npos);
  return doc.substr(start, close + 1 - start);
}

}  // namespace

TEST_CASE("docs: docs/exit-codes.md documents every exit code with its number") {
  // `name = N,  // meaning` in the one enum the CLI returns.
  auto header = source_file("src/cli/exit_code.hpp");
  std::regex entry(R"(\n\s+([a-z_]+) = (\d+),?\s*//)");
  auto doc = source_file("docs/exit-codes.md");
  std::set<std::string> codes;
  for (std::sregex_iterator it(header.begin(), header.end(), entry), end; it != end; ++it) {
    std::string number = (*it)[2];
    INFO("ExitCode::" << (*it)[1] << " = " << number);
    CHECK(doc.find("\n| " + number + " | ") != std::string::npos);
    codes.insert(number);
  }
  CHECK(codes == std::set<std::string>{"0", "1", "2", "3"});
  // No row for a code the binary does not have.
  std::regex row(R"(\n\| (\d+) \| )");
  for (std::sregex_iterator it(doc.begin(), doc.end(), row), end; it != end; ++it) {
    CHECK(codes.count((*it)[1]) == 1);
  }
  // `--help` points at the page and names every code.
  auto help = test::run_cli({"--help"}).out;
  CHECK(help.find("See docs/exit-codes.md.") != std::string::npos);
  for (const auto& code : codes) {
    INFO(code);
    CHECK(std::regex_search(help, std::regex("(^|[ ;\\n])" + code + " ")));
  }
}

TEST_CASE("docs: docs/usage.md quotes `scan --help` exactly as the binary prints it") {
  auto help = test::run_cli({"scan", "--help"});
  REQUIRE(help.exit_code == 0);
  auto quoted = block_after(source_file("docs/usage.md"), "## `scan`");
  // On failure, the expected text is the binary's: paste it into the doc.
  CHECK(quoted == "$ npm-token-scan scan --help\n" + help.out);
}

TEST_CASE("docs: every scan option is explained beyond the help text") {
  // Each long option of `scan --help` has a row in docs/usage.md's table.
  auto help = test::run_cli({"scan", "--help"}).out;
  auto doc = source_file("docs/usage.md");
  std::regex option(R"((--[a-z][a-z-]+))");
  std::set<std::string> options;
  for (std::sregex_iterator it(help.begin(), help.end(), option), end; it != end; ++it) {
    options.insert((*it)[1]);
  }
  CHECK(options.size() > 10);
  for (const auto& name : options) {
    INFO(name);
    CHECK(std::regex_search(doc, std::regex("\\n\\| `" + name + "[ `]")));
  }
}

TEST_CASE("docs: docs/configuration.md shows the error the binary prints") {
  auto doc = source_file("docs/configuration.md");
  test::TempDir dir;
  dir.write(".npm-token-scan.yaml", block_after(doc, "For example, this config"));
  auto result = test::run_cli({"scan"}, dir.str());
  CHECK(result.exit_code == 2);
  CHECK(block_after(doc, "stops the scan with") == result.err);
}
