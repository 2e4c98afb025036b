// Hostile --rules files (a repository may bring its own): patterns RE2 refuses
// and files that are not rules at all are configuration errors (exit 2) that
// name the file; nothing is scanned with half a rule set.
#include "tests/support/catch.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

TEST_CASE("hostile: a rule pattern with an enormous repetition count is refused") {
  test::TempDir dir;
  dir.write("rules/huge.yaml",
            "id: huge\ntitle: t\nseverity: high\nconfidence: high\n"
            "pattern: '(?P<secret>(a{1000}){1000})'\nmessage: m\nhelp: h\n"
            "examples:\n  match: [a]\n  no_match: [c]\n");
  auto result = test::run_cli({"scan", "--rules", "rules", "."}, dir.str());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("rules/huge.yaml: rule 'huge': pattern: does not compile: ") !=
        std::string::npos);
}

TEST_CASE("hostile: a rule file of binary garbage is a configuration error naming it") {
  test::TempDir dir;
  dir.write("rules/garbage.yaml", std::string("\x7f"
                                              "ELF\x02\x01\x01\0\0\0{[&*!",
                                              15));
  auto result = test::run_cli({"scan", "--rules", "rules", "."}, dir.str());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("npm-token-scan: error: rules/garbage.yaml:") == 0);
}
