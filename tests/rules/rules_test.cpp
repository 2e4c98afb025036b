// The rules are data: every rule file loads, compiles, and its own match and
// no_match examples hold when run through the real pipeline.
#include <re2/re2.h>

#include <filesystem>

#include "cli/context.hpp"
#include "scan/examples.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

TEST_CASE("every builtin rule's examples hold") {
  auto summary = scan::test_rule_examples(test::builtin_detector(), cli::snapshot_analysis());
  for (const auto& failure : summary.failures) {
    UNSCOPED_INFO(failure.source << ":" << failure.line << ": " << failure.rule_id << ": "
                                 << failure.problem);
  }
  CHECK(summary.failures.empty());
  CHECK(summary.examples > 40);
}

TEST_CASE("every rule file in rules/ is embedded in the binary") {
  std::size_t on_disk = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(NTS_SOURCE_DIR) + "/rules")) {
    if (entry.path().extension() == ".yaml") {
      ++on_disk;
      CHECK(test::builtin_detector().rules().find(entry.path().stem().string()) != nullptr);
    }
  }
  CHECK(on_disk == test::builtin_detector().rules().rules().size());
}

TEST_CASE("no token-shaped string is committed anywhere in the repository") {
  const RE2 token_shape("(?:^|[^A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_]|$)");
  namespace fs = std::filesystem;
  fs::path root = NTS_SOURCE_DIR;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    auto name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name.rfind("build", 0) == 0 || name == "out")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->file_size() > (4u << 20)) {
      continue;
    }
    std::string text = test::read_file(it->path());
    std::string found;
    INFO(it->path().string());
    CHECK_FALSE(RE2::PartialMatch(text, token_shape, &found));
  }
}

TEST_CASE("docs/rules.md documents every rule, as generated from the rule data") {
  auto result = test::run_cli({"rules", "list", "--format", "markdown"});
  REQUIRE(result.exit_code == 0);
  CHECK(
      test::compare_golden(std::filesystem::path(NTS_SOURCE_DIR) / "docs" / "rules.md", result.out)
          .empty());
  for (const auto& rule : test::builtin_detector().rules().rules()) {
    CHECK(result.out.find("\n## " + rule.id + "\n") != std::string::npos);
  }
}
