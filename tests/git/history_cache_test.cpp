#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "detect/npm_token.hpp"
#include "git/handle.hpp"
#include "scan/git_scan.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

core::ScanReport scan_history(const RepoBuilder& repo, bool cache, unsigned jobs = 1) {
  scan::GitScanOptions options;
  options.path = repo.path();
  options.mode = scan::GitMode::history;
  options.cache = cache;
  options.jobs = jobs;
  auto report = scan::scan_git(options, test::builtin_detector(), nullptr);
  REQUIRE(report.ok());
  return std::move(report).value();
}

// Everything a report says, in a stable order (issues from several threads
// arrive in any order within one path).
std::string describe(const core::ScanReport& report) {
  std::ostringstream out;
  out << "head " << report.target.commit.value_or("-") << "\n";
  for (const core::Finding& finding : report.findings) {
    out << finding.rule_id << ' ' << finding.location.path << ':' << finding.location.line << ':'
        << finding.location.column << ' ' << finding.commit.value_or("-") << ' '
        << finding.still_present << ' ' << finding.fingerprint << ' ' << finding.secret << ' '
        << finding.snippet << ' ' << finding.message << "\n";
  }
  std::vector<std::string> issues;
  for (const core::ScanIssue& issue : report.issues) {
    issues.push_back(std::to_string(static_cast<int>(issue.kind)) + ' ' + issue.path + ':' +
                     std::to_string(issue.line) + ' ' + issue.message);
  }
  std::sort(issues.begin(), issues.end());
  for (const auto& issue : issues) {
    out << issue << "\n";
  }
  out << "scanned " << report.stats.files_scanned << " bytes " << report.stats.bytes_scanned
      << " skipped " << report.stats.files_skipped << " ignored " << report.stats.inline_ignored
      << "\n";
  return out.str();
}

// The cached scan first (it reads and rewrites the cache), then a full one.
void check_same_as_full_scan(const RepoBuilder& repo) {
  std::string cached = describe(scan_history(repo, true));
  CHECK(cached == describe(scan_history(repo, false)));
  CHECK(describe(scan_history(repo, true)) == cached);  // and again, from the new record
}

// `git push --force` / `git reset --hard SHA` on a branch.
void move_branch(const RepoBuilder& repo, const std::string& branch, const std::string& sha) {
  git_repository* raw = nullptr;
  REQUIRE(git_repository_open(&raw, repo.path().c_str()) == 0);
  git::RepositoryPtr handle(raw);
  git_oid oid;
  REQUIRE(git_oid_fromstr(&oid, sha.c_str()) == 0);
  git_reference* ref = nullptr;
  REQUIRE(git_reference_create(&ref, handle.get(), ("refs/heads/" + branch).c_str(), &oid, 1,
                               nullptr) == 0);
  git_reference_free(ref);
}

std::string cache_file(const RepoBuilder& repo) {
  return repo.gitdir() + "/npm-token-scan/history";
}

}  // namespace

TEST_CASE("history cache: the same report as a full scan across new commits and rewrites") {
  std::string kept = detect::make_npm_token(301);
  std::string removed = detect::make_npm_token(302);
  std::string later = detect::make_npm_token(303);
  std::string branch_only = detect::make_npm_token(304);
  std::string rewritten = detect::make_npm_token(305);
  RepoBuilder repo;
  repo.write("README.md", "hello\n");
  repo.write("logo.bin", std::string("\x89PNG\0\0binary", 13));
  repo.write(".npmrc", "//registry.npmjs.org/:_authToken=" + kept + "\n");
  repo.submodule("vendor/lib", std::string(40, 'a'));
  std::string start = repo.commit("start", "2024-01-01");
  repo.write("deploy.sh", "export NPM_TOKEN=" + removed + "\n");
  std::string with_removed = repo.commit("add deploy", "2024-01-02");
  repo.write("ignored.sh", "NPM_TOKEN=" + later + "  # npm-token-scan: ignore[npm-access-token]\n");
  repo.commit("ignored", "2024-01-03");
  check_same_as_full_scan(repo);
  CHECK(std::filesystem::exists(cache_file(repo)));
  struct stat info {};
  REQUIRE(::stat(cache_file(repo).c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  std::ifstream file(cache_file(repo), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  for (const auto& token : {kept, removed, later}) {
    CHECK(bytes.find(token) == std::string::npos);  // redacted findings only
  }

  SECTION("new commits: a deleted token is no longer present, a new one is") {
    repo.remove("deploy.sh");
    repo.commit("remove deploy", "2024-01-04");
    repo.write("later.env", "NPM_TOKEN=" + later + "\n");
    repo.commit("later", "2024-01-05");
    check_same_as_full_scan(repo);
    auto report = scan_history(repo, true);
    auto gone = std::find_if(report.findings.begin(), report.findings.end(),
                             [](const auto& f) { return f.location.path == "deploy.sh"; });
    REQUIRE(gone != report.findings.end());
    CHECK_FALSE(gone->still_present);
  }
  SECTION("a branch ordered before the recorded commits, then deleted") {
    move_branch(repo, "old", start);  // forks from the first commit
    repo.checkout("old");
    repo.write("branch.env", "NPM_TOKEN=" + branch_only + "\n");
    repo.commit("back-dated", "2023-06-01");  // older than every recorded commit
    repo.checkout("main");
    check_same_as_full_scan(repo);
    repo.delete_branch("old");
    check_same_as_full_scan(repo);
  }
  SECTION("force-push: main rewritten from an older commit") {
    move_branch(repo, "main", with_removed);
    repo.checkout("main");
    repo.remove("deploy.sh");
    repo.write("rewritten.env", "NPM_TOKEN=" + rewritten + "\n");
    repo.commit("rewritten", "2024-02-01");
    check_same_as_full_scan(repo);
  }
  SECTION("a damaged cache is a note and a full scan") {
    std::ofstream(cache_file(repo), std::ios::binary | std::ios::trunc) << "garbage";
    auto report = scan_history(repo, true);
    auto note = std::find_if(report.issues.begin(), report.issues.end(), [](const auto& issue) {
      return issue.message.find("history cache is damaged") != std::string::npos;
    });
    CHECK(note != report.issues.end());
    check_same_as_full_scan(repo);
  }
  SECTION("after new commits only the new objects are read") {
    // Remove an old blob from the object database: a full scan now reports
    // it unreadable, a resumed one never reads it again.
    repo.write("new.txt", "new\n");
    repo.commit("new", "2024-01-06");
    std::string old_blob = repo.blob_id("hello\n");
    REQUIRE(std::filesystem::remove(repo.loose_object_path(old_blob)));
    auto resumed = scan_history(repo, true);
    for (const auto& issue : resumed.issues) {
      CHECK(issue.message.find(old_blob) == std::string::npos);
    }
    CHECK(resumed.findings.size() == scan_history(repo, true).findings.size());
    auto full = scan_history(repo, false);
    CHECK(std::any_of(full.issues.begin(), full.issues.end(), [&](const auto& issue) {
      return issue.message.find(old_blob) != std::string::npos;
    }));
  }
}

TEST_CASE("history cache: many threads give the same report as one") {
  RepoBuilder repo;
  for (int i = 0; i < 30; ++i) {
    repo.write("f" + std::to_string(i % 7) + ".env",
               "NPM_TOKEN=" + detect::make_npm_token(400 + i) + "\n");
    repo.commit("c" + std::to_string(i),
                "2024-03-" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1));
    if (i % 10 == 9) {
      CHECK(describe(scan_history(repo, true, 4)) == describe(scan_history(repo, false, 1)));
    }
  }
}

TEST_CASE("history cache: the workflow analysis sees HEAD's tree as a full scan does") {
  // The analysis is handed HEAD's listing from the cache when HEAD's tree is
  // the one listed last time, and lists the tree again when it is not.
  RepoBuilder repo;
  repo.write(".github/workflows/release.yml", "on: push\n");
  repo.write("package.json", "{}\n");
  repo.commit("start", "2024-01-01");
  scan::SnapshotAnalysis seen = [](const core::RepoView& view, const detect::Detector&,
                                   core::ScanReport& report) {
    for (const std::string& path : view.paths()) {
      report.issues.push_back(
          {core::ScanIssue::Kind::note, path, 0, view.read(path).value_or("(unreadable)")});
    }
  };
  auto scan = [&](bool cache) {
    scan::GitScanOptions options;
    options.path = repo.path();
    options.mode = scan::GitMode::history;
    options.cache = cache;
    auto report = scan::scan_git(options, test::builtin_detector(), seen);
    REQUIRE(report.ok());
    return describe(*report);
  };
  auto check_same = [&] {
    std::string cached = scan(true);
    CHECK(cached == scan(false));
    CHECK(scan(true) == cached);  // unchanged refs: the stored listing
  };
  check_same();
  {
    std::ifstream file(cache_file(repo), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(bytes.find(".github/workflows/release.yml") != std::string::npos);
  }
  SECTION("HEAD's tree changed: listed again") {
    repo.write(".github/workflows/release.yml", "on: {push: {tags: ['v*']}}\n");
    repo.write("packages/a/package.json", "{\"name\": \"a\"}\n");
    repo.remove("package.json");
    repo.commit("monorepo", "2024-01-02");
    check_same();
    CHECK(scan(true).find("packages/a/package.json") != std::string::npos);
  }
  SECTION("another branch moved, HEAD's tree the same: the stored listing still holds") {
    repo.branch("feature");
    repo.checkout("feature");
    repo.write("feature.txt", "x\n");
    repo.commit("feature", "2024-01-02");
    repo.checkout("main");
    check_same();
    CHECK(scan(true).find("feature.txt") == std::string::npos);
  }
}
