// End to end: the real binary scans repositories built at test time and served
// over real transports on loopback (file://, git daemon), with one repository
// failing in the middle of the batch, a resumed run, and shards merged back.
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "detect/npm_token.hpp"
#include "tests/org/git_daemon.hpp"
#include "tests/org/org_report_helpers.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
using nts::test::RepoBuilder;
namespace fs = std::filesystem;

namespace {

nlohmann::json parse(const std::string& text) {
  return nlohmann::json::parse(text);
}

// A report without its repositories' scan times: runs at other moments agree on the rest.
nlohmann::json without_scan_times(nlohmann::json report) {
  for (auto& entry : report["repositories"]) {
    entry.erase("scanned_at");
  }
  return report;
}

}  // namespace

TEST_CASE("org: file:// and git daemon remotes, a failure mid-batch, resume, shards and merge") {
  test::GitDaemon* daemon_ptr = nullptr;
  RepoBuilder token_repo(RepoBuilder::Kind::bare);  // publishes with a token
  token_repo.write_fixture("token-setup-node");
  token_repo.commit("release workflow", "2024-01-01");
  RepoBuilder leak_repo(RepoBuilder::Kind::bare);  // a token committed, then deleted
  leak_repo.write("README.md", "widgets\n");
  leak_repo.commit("start", "2024-01-01");
  leak_repo.write(".npmrc",
                  "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(71) + "\n");
  std::string leak_commit = leak_repo.commit("add npmrc", "2024-01-02");
  leak_repo.remove(".npmrc");
  leak_repo.write_fixture("oidc-ready");
  leak_repo.commit("trusted publishing", "2024-01-03");
  RepoBuilder local_repo;  // a work tree given as a plain path
  local_repo.write_fixture("hybrid");
  local_repo.commit("hybrid", "2024-01-01");

  test::GitDaemon daemon(fs::path(leak_repo.path()).parent_path().string());
  if (!daemon.running()) {
    WARN("git-daemon is not installed (Debian: the git package); git:// part skipped");
  }
  daemon_ptr = &daemon;
  std::string token_url = "file://" + token_repo.path();
  std::string leak_url = daemon_ptr->running()
                             ? daemon.url(fs::path(leak_repo.path()).filename().string())
                             : "file://" + leak_repo.path();
  std::string broken = "file:///nonexistent/npm-token-scan-test/missing.git";

  test::TempDir work;
  auto list = work.write("repos.txt", "# org under test\n" + local_repo.path() + "\n" + broken +
                                          "\n" + token_url + "\n" + leak_url + "\n");
  std::vector<std::string> common = {
      "org", "--repos", list.string(), "--cache", work.str() + "/cache", "--fail-on", "never"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  const std::vector<std::string> env = {"GH_TOKEN=sentinel-credential-value"};

  auto first =
      test::run_cli(with({"--out", work.str() + "/out", "--jobs", "2", "--history"}), ".", env);
  INFO(first.err);
  CHECK(first.exit_code == 3);  // one repository failed; the batch went on
  auto report = parse(first.out);
  CHECK(report["version"] == 1);
  CHECK(report["summary"]["repositories"] == 4);
  CHECK(report["summary"]["failed"] == 1);
  CHECK(report["summary"]["publishing_jobs"] ==
        nlohmann::json{{"token", 1}, {"hybrid", 1}, {"oidc", 1}, {"unknown", 0}});
  CHECK(report["summary"]["leaks"] == 1);
  // Sorted by repository: the broken one sits between the local path and the good remotes.
  CHECK(report["repositories"][1]["repository"] == broken);
  const auto& failed = test::org_entry(report, broken);
  CHECK(failed["status"] == "error");
  CHECK(failed["head"].is_null());
  CHECK(failed["error"].get<std::string>().find("cannot clone") != std::string::npos);
  CHECK(first.err.find(broken) != std::string::npos);
  const auto& leaked = test::org_entry(report, leak_url);
  CHECK(leaked["status"] == "ok");
  CHECK(leaked["head"] == leak_repo.head());
  REQUIRE(leaked["findings"].size() == 1);
  CHECK(leaked["findings"][0]["commit"] == leak_commit);
  CHECK(leaked["findings"][0]["still_present"] == false);
  CHECK(test::org_entry(report, token_url)["errors"].is_array());
  // The token from the environment is in no mirror config, result file or report.
  CHECK_FALSE(test::tree_contains(work.path(), "sentinel-credential-value"));
  CHECK(first.out.find("sentinel-credential-value") == std::string::npos);
  CHECK(first.out.find(detect::make_npm_token(71)) == std::string::npos);

  SECTION("a rerun reuses every unchanged repository and rescans the changed one") {
    token_repo.write("later.txt", "more\n");
    std::string new_head = token_repo.commit("later", "2024-02-01");
    auto second =
        test::run_cli(with({"--out", work.str() + "/out", "--jobs", "1", "--history"}), ".", env);
    INFO(second.err);
    CHECK(second.exit_code == 3);
    CHECK(second.err.find(local_repo.path() + ": unchanged, stored result reused") !=
          std::string::npos);
    CHECK(second.err.find(leak_url + ": unchanged, stored result reused") != std::string::npos);
    CHECK(second.err.find(token_url + ": ok") != std::string::npos);
    auto again = parse(second.out);
    CHECK(test::org_entry(again, token_url)["head"] == new_head);
    CHECK(test::org_entry(again, leak_url) == test::org_entry(report, leak_url));
    CHECK(again["summary"] == report["summary"]);
    // Every repository of the first run was recorded again: its file is gone,
    // so the next run reads one file, not one per run.
    auto run_files = [&] {
      std::size_t files = 0;
      for (const auto& entry : std::filesystem::directory_iterator(work.path() / "out")) {
        files += entry.path().extension() == ".jsonl";
      }
      return files;
    };
    CHECK(run_files() == 1);
    // A shard records only its part: the full run's file stays for the rest,
    // and the next full run still reuses them.
    auto shard = test::run_cli(
        with({"--out", work.str() + "/out", "--jobs", "1", "--history", "--shard", "0/2"}), ".",
        env);
    CHECK(run_files() == 2);
    auto third =
        test::run_cli(with({"--out", work.str() + "/out", "--jobs", "1", "--history"}), ".", env);
    INFO(third.err);
    CHECK(third.err.find(leak_url + ": unchanged, stored result reused") != std::string::npos);
    CHECK(third.err.find(local_repo.path() + ": unchanged, stored result reused") !=
          std::string::npos);
    CHECK(run_files() == 1);
  }

  SECTION("a history rerun rescans a repository whose other branch moved, HEAD unchanged") {
    // A token pushed to a branch that is not checked out: --history must see
    // it, so the stored result is not reused on HEAD alone.
    std::string main_branch = local_repo.current_branch();
    local_repo.branch("feature");
    local_repo.checkout("feature");
    local_repo.write(".npmrc",
                     "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(72) + "\n");
    std::string branch_leak = local_repo.commit("token on a branch", "2024-02-02");
    local_repo.checkout(main_branch);
    auto second =
        test::run_cli(with({"--out", work.str() + "/out", "--jobs", "1", "--history"}), ".", env);
    INFO(second.err);
    CHECK(second.err.find(local_repo.path() + ": ok") != std::string::npos);
    CHECK(second.err.find(leak_url + ": unchanged, stored result reused") != std::string::npos);
    auto again = parse(second.out);
    const auto& rescanned = test::org_entry(again, local_repo.path());
    bool found = false;
    for (const auto& finding : rescanned["findings"]) {
      found = found || finding["commit"] == branch_leak;
    }
    CHECK(found);
  }

  SECTION("two shards merged equal the unsharded report; every format renders") {
    auto whole =
        test::run_cli(with({"--history", "--output", work.str() + "/whole.json"}), ".", env);
    auto shard0 = test::run_cli(
        with({"--history", "--shard", "0/2", "--output", work.str() + "/s0.json"}), ".", env);
    auto shard1 = test::run_cli(
        with({"--history", "--shard", "1/2", "--output", work.str() + "/s1.json"}), ".", env);
    INFO(whole.err << shard0.err << shard1.err);
    auto part0 = parse(test::read_file(work.path() / "s0.json"));
    auto part1 = parse(test::read_file(work.path() / "s1.json"));
    CHECK(part0["summary"]["repositories"].get<int>() +
              part1["summary"]["repositories"].get<int>() ==
          4);
    auto merged = test::run_cli(
        {"merge", work.str() + "/s1.json", work.str() + "/s0.json", "--fail-on", "never"});
    INFO(merged.err);
    CHECK(merged.exit_code == 3);
    CHECK(without_scan_times(parse(merged.out)) ==
          without_scan_times(parse(test::read_file(work.path() / "whole.json"))));
    // Each entry keeps the time its shard scanned it.
    std::map<std::string, nlohmann::json> shard_times;
    for (const auto* part : {&part0, &part1}) {
      for (const auto& entry : (*part)["repositories"]) {
        shard_times[entry["repository"]] = entry["scanned_at"];
      }
    }
    for (const auto& entry : parse(merged.out)["repositories"]) {
      CHECK(entry["scanned_at"] == shard_times[entry["repository"]]);
    }

    auto fail_on = test::run_cli({"merge", work.str() + "/s0.json", work.str() + "/s1.json"});
    CHECK(fail_on.exit_code == 1);  // the leaked token is high severity; findings win over failures
    for (std::string format : {"csv", "markdown", "html"}) {
      auto rendered = test::run_cli({"merge", work.str() + "/s0.json", work.str() + "/s1.json",
                                     "--format", format, "--fail-on", "never"});
      CHECK(rendered.out.find(token_url) != std::string::npos);
    }
    auto usage = test::run_cli({"merge", list.string()});
    CHECK(usage.exit_code == 2);
  }
}

TEST_CASE("org: --dir scans bare and work-tree repositories, no input is a usage error") {
  test::TempDir root;
  auto none = test::run_cli({"org"});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("--repos FILE, --dir DIR or --github-org NAME") != std::string::npos);
  auto bad_shard = test::run_cli({"org", "--dir", root.str(), "--shard", "3/3"});
  CHECK(bad_shard.exit_code == 2);

  RepoBuilder worktree;
  worktree.write_fixture("token-setup-node");
  worktree.commit("release", "2024-01-01");
  RepoBuilder bare(RepoBuilder::Kind::bare);
  bare.write(".npmrc", "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(5) + "\n");
  bare.commit("npmrc", "2024-01-01");
  // Copies in one folder: the repositories RepoBuilder makes live in $TMPDIR beside others.
  fs::create_directories(root.path() / "team");
  fs::copy(worktree.path(), root.path() / "team" / "app", fs::copy_options::recursive);
  fs::copy(bare.path(), root.path() / "lib.git", fs::copy_options::recursive);
  root.write("notes/readme.txt", "not a repository\n");
  std::string app = (root.path() / "team" / "app").string();
  std::string lib = (root.path() / "lib.git").string();
  // The walk streams into the scans; a repository also given in --repos is scanned once.
  auto list = root.write("list/repos.txt", app + "\n");
  auto result = test::run_cli(
      {"org", "--dir", root.str(), "--repos", list.string(), "--fail-on", "high", "--jobs", "2"});
  INFO(result.err);
  auto report = parse(result.out);
  CHECK(result.exit_code == 1);
  CHECK(report["summary"]["repositories"] == 2);
  CHECK(report["repositories"][0]["repository"] == lib);  // sorted, whatever the walk order
  CHECK(test::org_entry(report, lib)["findings"].size() == 1);
  CHECK(test::org_entry(report, lib)["findings"][0]["still_present"] == true);
  CHECK(test::org_entry(report, app)["workflows"].size() == 1);
}

TEST_CASE("org: a corrupt repository fails alone, with the reason, the others are scanned") {
  RepoBuilder healthy;
  healthy.write("README.md", "fine\n");
  healthy.commit("fine", "2024-01-01");
  RepoBuilder corrupt;
  corrupt.write("README.md", "broken\n");
  std::string head = corrupt.commit("broken", "2024-01-01");
  fs::remove(corrupt.loose_object_path(head));  // HEAD names a commit that is gone

  test::TempDir work;
  auto list = work.write("repos.txt", healthy.path() + "\n" + corrupt.path() + "\n");
  auto result =
      test::run_cli({"org", "--repos", list.string(), "--jobs", "2", "--fail-on", "never"});
  INFO(result.err);
  CHECK(result.exit_code == 3);
  auto report = parse(result.out);
  CHECK(report["summary"]["repositories"] == 2);
  CHECK(report["summary"]["failed"] == 1);
  CHECK(test::org_entry(report, healthy.path())["status"] == "ok");
  const auto& failed = test::org_entry(report, corrupt.path());
  CHECK(failed["status"] == "error");
  CHECK_FALSE(failed["error"].get<std::string>().empty());
  CHECK(result.err.find(corrupt.path() + ": error: ") != std::string::npos);
}
