// --timeout end to end. The budget is checked before every phase, so a budget
// far below the fixed cost of opening a repository or starting a clone (one
// microsecond) expires for every repository, whatever the machine's speed:
// no timing race, and no test-only switch in the CLI.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE(
    "org --timeout: an expired budget fails each repository with the reason, the batch "
    "goes on, and the next run retries it") {
  RepoBuilder first;
  first.write("README.md", "one\n");
  first.commit("one", "2024-01-01");
  RepoBuilder second;
  second.write("README.md", "two\n");
  second.commit("two", "2024-01-01");
  RepoBuilder remote(RepoBuilder::Kind::bare);
  remote.write("README.md", "three\n");
  remote.commit("three", "2024-01-01");
  std::string url = "file://" + remote.path();

  test::TempDir work;
  auto list = work.write("repos.txt", first.path() + "\n" + second.path() + "\n" + url + "\n");
  bool history = GENERATE(false, true);
  INFO("history: " << history);
  auto with = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args = {"org",
                                     "--repos",
                                     list.string(),
                                     "--cache",
                                     work.str() + "/cache",
                                     "--out",
                                     work.str() + "/" + out,
                                     "--jobs",
                                     "2",
                                     "--fail-on",
                                     "never"};
    if (history) {
      args.push_back("--history");
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };

  auto timed_out = test::run_cli(with("out", {"--timeout", "0.000001"}));
  INFO(timed_out.err);
  CHECK(timed_out.exit_code == 3);
  auto report = nlohmann::json::parse(timed_out.out);
  CHECK(report["summary"]["repositories"] == 3);
  CHECK(report["summary"]["failed"] == 3);  // every repository had its own turn
  for (const auto& entry : report["repositories"]) {
    CHECK(entry["status"] == "error");
    std::string error = entry["error"];
    CHECK(error.find("timed out after 1e-06 s (--timeout) while ") == 0);
    CHECK(error.find("raise --timeout") != std::string::npos);
    std::string phase = entry["repository"] == url ? "while cloning" : "while opening";
    CHECK(error.find(phase) != std::string::npos);
  }
  CHECK(count(timed_out.err, "timed out after") >= 3);

  // The failures are stored, but only ok results are ever reused: all three are scanned again.
  auto retried = test::run_cli(with("out", {}));
  INFO(retried.err);
  CHECK(retried.exit_code == 0);
  auto again = nlohmann::json::parse(retried.out);
  CHECK(again["summary"]["failed"] == 0);
  CHECK(count(retried.err, ": ok") == 3);
  CHECK(count(retried.err, "stored result reused") == 0);

  // A generous budget changes nothing; the stored results are reused now.
  auto reused = test::run_cli(with("out", {}));
  CHECK(count(reused.err, "unchanged, stored result reused") == 3);
  auto generous = test::run_cli(with("fresh", {"--timeout", "600"}));
  CHECK(generous.exit_code == 0);
  CHECK(nlohmann::json::parse(generous.out)["summary"]["failed"] == 0);
}

TEST_CASE("org --timeout: a negative budget is a usage error") {
  test::TempDir root;
  auto result = test::run_cli({"org", "--dir", root.str(), "--timeout", "-1"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
}
