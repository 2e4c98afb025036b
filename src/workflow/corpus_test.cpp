// Corpus test: realistic workflows (tests/workflows/corpus/*.yml), each
// analysed alone in a repository with a plain package.json; one table pins
// every job's (publishes_npm, auth, trusted_publishing).
// UPDATE_GOLDENS=1 rewrites the table.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "workflow/analyze.hpp"

using namespace nts;
namespace fs = std::filesystem;

TEST_CASE("corpus: every job's publish, auth and readiness verdict is pinned") {
  fs::path dir = fs::path(NTS_SOURCE_DIR) / "tests" / "workflows" / "corpus";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".yml" || entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= 30);

  std::string table = "# file\tjob\tpublishes_npm\tauth\ttrusted_publishing\n";
  for (const auto& file : files) {
    core::MemoryRepoView repo;
    repo.add(".github/workflows/" + file.filename().string(), test::read_file(file));
    repo.add(
        "package.json",
        R"({"name": "widgets", "version": "1.4.2", "repository": {"type": "git", "url": "git+https://github.com/acme/widgets.git"},
                 "scripts": {"build": "tsc -p .", "lint": "eslint .", "test": "vitest run", "docs:build": "vitepress build docs"}})");
    repo.add(".nvmrc", "24\n");
    repo.set_remote_url("https://github.com/acme/widgets.git");
    auto analysis = workflow::analyze_repository(repo, test::builtin_rules());
    INFO(file.filename().string());
    CHECK(analysis.issues.empty());
    REQUIRE(analysis.workflows.size() == 1);
    for (const auto& job : analysis.workflows[0].jobs) {
      table += file.filename().string() + "\t" + job.id + "\t" +
               std::string(core::to_string(job.publishes_npm)) + "\t" +
               std::string(core::to_string(job.auth)) + "\t" +
               std::string(core::to_string(job.trusted_publishing)) + "\n";
    }
  }
  auto expected_path = dir / "expected.tsv";
  if (std::getenv("UPDATE_GOLDENS")) {
    std::ofstream(expected_path, std::ios::binary) << table;
    return;
  }
  CHECK(table == test::read_file(expected_path));
}
