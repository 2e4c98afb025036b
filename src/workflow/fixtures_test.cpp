// Golden tests: every folder under tests/workflows/ (except corpus/) is a tiny
// repository; its expected.json holds the JSON of the workflow Analysis.
// UPDATE_GOLDENS=1 rewrites the expected files instead of comparing.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/recording_repo_view.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/workflows/analysis_json.hpp"
#include "workflow/analyze.hpp"

using namespace nts;
namespace fs = std::filesystem;

TEST_CASE("workflow fixtures match their expected analysis") {
  fs::path root = fs::path(NTS_SOURCE_DIR) / "tests" / "workflows";
  REQUIRE(fs::is_directory(root));
  bool update = std::getenv("UPDATE_GOLDENS") != nullptr;
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && entry.path().filename() != "corpus") {
      cases.push_back(entry.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  CHECK(cases.size() >= 25);
  for (const auto& dir : cases) {
    INFO("fixture " << dir.filename().string());
    core::MemoryRepoView repo;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) {
        continue;
      }
      auto relative = fs::relative(entry.path(), dir).generic_string();
      if (relative == "expected.json") {
        continue;
      }
      if (relative == "remote.txt") {
        auto url = test::read_file(entry.path());
        while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) {
          url.pop_back();
        }
        repo.set_remote_url(url);
        continue;
      }
      repo.add(relative, test::read_file(entry.path()));
    }
    core::RecordingRepoView recording(repo);
    auto actual =
        workflow::testing::to_json(workflow::analyze_repository(recording, test::builtin_rules()))
            .dump(2) +
        "\n";
    // analysis_reads() is the hook's cheap first check: every file the
    // fixtures' analyses read is one it accepts, so the common cases never
    // need the recorded read set.
    for (const auto& path : recording.read_paths()) {
      INFO("read " << path);
      CHECK(workflow::analysis_reads(path));
    }
    auto expected_path = dir / "expected.json";
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    REQUIRE(fs::exists(expected_path));
    CHECK(actual == test::read_file(expected_path));
  }
}
