// What a work-tree scan of a git repository reads: what `git add -A` would
// commit (tracked files still present, untracked files git does not ignore),
// whichever way the listing gets there.
#include <filesystem>
#include <fstream>
#include <set>

#include "detect/npm_token.hpp"
#include "scan/scan.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

void write_file(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

core::ScanReport scan_tree(const std::string& path, unsigned jobs) {
  scan::ScanOptions options;
  options.path = path;
  options.jobs = jobs;
  auto report = scan::scan_worktree(options, test::builtin_detector(), nullptr);
  REQUIRE(report.ok());
  return std::move(report).value();
}

std::set<std::string> paths_with_findings(const core::ScanReport& report) {
  std::set<std::string> paths;
  for (const auto& finding : report.findings) {
    paths.insert(finding.location.path);
  }
  return paths;
}

bool has_issue(const core::ScanReport& report, const std::string& path) {
  for (const auto& issue : report.issues) {
    if (issue.path == path) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("work-tree listing: tracked, untracked and ignored files as git add -A sees them") {
  std::string token = "const t = '" + detect::make_npm_token(77) + "';\n";
  RepoBuilder repo;
  repo.write(".gitignore", "node_modules/\nbuild/\n*.log\n");
  repo.write("src/app.js", token);
  repo.write("src/gone.js", token);
  repo.write("build/kept.js", token);  // tracked although its folder is ignored
  repo.write("packages/a/.gitignore", "local/\n");
  repo.commit("start", "2024-01-01");
  std::string root = repo.path();
  std::filesystem::remove(root + "/src/gone.js");  // deleted, not staged
  write_file(root + "/src/new.js", token);
  write_file(root + "/fresh/deep/new.js", token);
  write_file(root + "/node_modules/dep/index.js", token);
  write_file(root + "/build/other.js", token);
  write_file(root + "/debug.log", token);
  write_file(root + "/src/trace.log", token);
  write_file(root + "/packages/a/local/x.js", token);
  write_file(root + "/packages/b/local/x.js", token);  // the rule is packages/a's
  write_file(root + "/vendor/lib/.git/HEAD", "ref: refs/heads/main\n");
  write_file(root + "/vendor/lib/secret.js", token);

  for (unsigned jobs : {1u, 2u}) {
    auto report = scan_tree(root, jobs);
    CHECK(paths_with_findings(report) == std::set<std::string>{"build/kept.js", "fresh/deep/new.js",
                                                               "packages/b/local/x.js",
                                                               "src/app.js", "src/new.js"});
    // Deleted from the work tree: nothing to read and nothing to say.
    CHECK_FALSE(has_issue(report, "src/gone.js"));
    CHECK(has_issue(report, "vendor/lib"));  // a repository inside: skipped, with a note
    CHECK(report.stats.files_scanned == 7);  // the five above and two .gitignore files
  }

  SECTION("a scan of a folder below the root obeys the root's rules") {
    auto report = scan_tree(root + "/src", 1);
    CHECK(paths_with_findings(report) == std::set<std::string>{"app.js", "new.js"});
  }
}
