// Resource limits that are not about one file: the per-repository time budget
// of `org`. A real clock cannot make a tiny repository time out reliably, so
// the budget is tested where it is enforced, through org::scan_repository
// with a deadline that has already passed (or is far away).
#include <chrono>

#include "detect/npm_token.hpp"
#include "org/mirror.hpp"
#include "org/scan_repo.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

constexpr const char* k_timed_out = "timed out (--timeout); raise --timeout for large repositories";

org::RepoScanOptions with_deadline(std::chrono::steady_clock::duration from_now, bool history) {
  org::RepoScanOptions options;
  options.history = history;
  options.deadline = std::chrono::steady_clock::now() + from_now;
  return options;
}

}  // namespace

TEST_CASE("org time budget: a repository past its deadline is an error, never a clean result") {
  test::RepoBuilder repo(test::RepoBuilder::Kind::bare);
  repo.write(".npmrc", "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(4242) + "\n");
  auto head = repo.commit("add npmrc", "2024-01-02");
  for (bool history : {false, true}) {
    INFO("history: " << history);
    auto late = org::scan_repository("acme/late", repo.path(),
                                     with_deadline(-std::chrono::seconds(1), history),
                                     test::builtin_detector(), nullptr);
    CHECK_FALSE(late.ok);
    CHECK(late.error == k_timed_out);
    CHECK(late.head == head);  // says which commit it gave up on
    CHECK(late.findings.empty());

    auto in_time = org::scan_repository("acme/late", repo.path(),
                                        with_deadline(std::chrono::hours(1), history),
                                        test::builtin_detector(), nullptr);
    CHECK(in_time.ok);
    CHECK(in_time.findings.size() == 1);
  }
}

TEST_CASE("org time budget: a clone past its deadline stops with a clear error") {
  test::RepoBuilder repo(test::RepoBuilder::Kind::bare);
  repo.write("README.md", "hello\n");
  repo.commit("first", "2024-01-02");
  test::TempDir cache;
  org::MirrorOptions options{cache.str(), "", std::chrono::steady_clock::now()};
  auto mirrored = org::update_mirror("file://" + repo.path(), options);
  REQUIRE_FALSE(mirrored.ok());
  CHECK(mirrored.error().message.find(": timed out (--timeout)") != std::string::npos);
  CHECK(mirrored.error().hint == "raise --timeout for large repositories");
}
