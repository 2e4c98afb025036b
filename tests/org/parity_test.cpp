// `org` scans each repository through the same pipeline as `scan` (issue 18):
// the same findings and workflows, field for field, from a work tree given as
// a path and from a bare mirror, in both modes, including a token moved to
// another file (a fingerprint carries the path: the old location is deleted).
#include <filesystem>
#include <nlohmann/json.hpp>

#include "detect/npm_token.hpp"
#include "tests/org/org_report_helpers.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

std::string npmrc(std::uint64_t seed) {
  return "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(seed) + "\n";
}

nlohmann::json run_json(const std::vector<std::string>& args) {
  auto result = test::run_cli(args);
  INFO(result.err);
  REQUIRE((result.exit_code == 0 || result.exit_code == 1));
  return nlohmann::json::parse(result.out);
}

}  // namespace

TEST_CASE("org and scan: identical findings and workflows in every mode") {
  RepoBuilder repo;
  repo.write("README.md", "widgets\n");
  repo.write(".npmrc", npmrc(181));
  repo.write_fixture("token-setup-node");
  repo.commit("start", "2024-01-01");
  // The token moves to another file: its old place is deleted, the new one is
  // present (`org` once called it present at both, by the secret alone).
  repo.remove(".npmrc");
  repo.write("packages/app/.npmrc", "registry=https://registry.npmjs.org/\n" + npmrc(181));
  repo.commit("move the npmrc", "2024-01-02");
  // The same content at two paths is two files; a token that comes and goes;
  // one the repository config ignores; the same token twice in one file.
  repo.write("copy/.npmrc", "registry=https://registry.npmjs.org/\n" + npmrc(181));
  repo.write("ci/publish.npmrc", npmrc(182));
  repo.write("docs/example.npmrc", npmrc(183));
  repo.write("deploy/twice.env",
             "A=" + detect::make_npm_token(184) + "\nB=" + detect::make_npm_token(184) + "\n");
  repo.write(".npm-token-scan.yaml",
             "ignore:\n  - paths: [docs/**]\n    reason: documentation samples\n");
  repo.write("assets/big.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:" +
                                   std::string(64, 'a') + "\nsize 12345\n");
  repo.commit("more", "2024-01-03");
  repo.remove("ci/publish.npmrc");
  repo.commit("remove one", "2024-01-04");

  test::TempDir work;
  std::string mirror_url = "file://" + repo.path();
  auto list = work.write("repos.txt", repo.path() + "\n" + mirror_url + "\n");
  std::vector<std::string> org = {
      "org",       "--repos", list.string(), "--cache", work.str() + "/cache",
      "--fail-on", "never",   "--jobs",      "1"};

  for (bool history : {false, true}) {
    INFO((history ? "--history" : "HEAD"));
    std::vector<std::string> scan_args = {"scan", "--format", "json", "--fail-on", "never"};
    std::vector<std::string> org_args = org;
    if (history) {
      scan_args.push_back("--history");
      org_args.push_back("--history");
    }
    scan_args.push_back(repo.path());
    auto scanned = run_json(scan_args);
    auto batch = run_json(org_args);
    // The fixture holds what the comparison is about.
    REQUIRE(scanned["findings"].size() >= 4);
    REQUIRE_FALSE(scanned["workflows"].empty());
    bool moved_is_gone = false;
    for (const auto& finding : scanned["findings"]) {
      moved_is_gone |= finding["path"] == ".npmrc" && !finding["still_present"];
    }
    CHECK(moved_is_gone == history);
    for (const auto& repository : {repo.path(), mirror_url}) {
      INFO(repository);
      const auto& entry = test::org_entry(batch, repository);
      CHECK(entry["status"] == "ok");
      CHECK(entry["findings"] == scanned["findings"]);
      CHECK(entry["workflows"] == scanned["workflows"]);
      CHECK(entry["suppressed"]["findings"] == scanned["stats"]["ignored_by_config"]);
    }
  }
}
