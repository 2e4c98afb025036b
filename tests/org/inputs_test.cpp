// Inputs, shards, merging and the escaping of the aggregate formats.
#include "org/inputs.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "git/handle.hpp"
#include "org/aggregate.hpp"
#include "org/shard.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

// Test repositories are made below $TMPDIR; these tests walk a folder, so
// theirs go into a folder of their own (walking the shared temporary
// directory would race with other tests creating and deleting theirs).
class TmpdirOverride {
 public:
  explicit TmpdirOverride(const std::string& dir) {
    const char* old = std::getenv("TMPDIR");
    m_had_value = old != nullptr;
    m_saved = m_had_value ? old : "";
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  TmpdirOverride(const TmpdirOverride&) = delete;
  TmpdirOverride& operator=(const TmpdirOverride&) = delete;
  ~TmpdirOverride() { restore(); }
  void restore() { m_had_value ? ::setenv("TMPDIR", m_saved.c_str(), 1) : ::unsetenv("TMPDIR"); }

 private:
  bool m_had_value = false;
  std::string m_saved;
};

// A work tree and a bare repository, alone in a folder.
struct TwoRepositories {
  test::TempDir parent;
  TmpdirOverride tmpdir{parent.str()};
  test::RepoBuilder worktree;
  test::RepoBuilder bare{test::RepoBuilder::Kind::bare};
  TwoRepositories() { tmpdir.restore(); }
};

}  // namespace

TEST_CASE("org inputs: a repository list with comments, blanks and relative paths") {
  test::TempDir dir;
  auto list =
      dir.write("repos.txt",
                "# the org\n\nhttps://github.com/acme/widgets\n  git@github.com:acme/b.git  \n"
                "local/repo\n/abs/repo\nhttps://github.com/acme/widgets\n");
  auto repos = org::read_repo_list(list.string());
  REQUIRE(repos.ok());
  CHECK(*repos == std::vector<std::string>{"/abs/repo", dir.str() + "/local/repo",
                                           "git@github.com:acme/b.git",
                                           "https://github.com/acme/widgets"});
  CHECK(org::is_remote("file:///srv/x.git"));
  CHECK(org::is_remote("git@github.com:acme/b.git"));
  CHECK_FALSE(org::is_remote("/srv/x.git"));
  CHECK_FALSE(org::is_remote("dir/with:colon"));
  auto missing = org::read_repo_list(dir.str() + "/nope.txt");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().hint.find("--repos") != std::string::npos);
}

TEST_CASE("org inputs: --dir finds work trees and bare repositories, not their insides") {
  TwoRepositories repos;
  repos.worktree.write("a.txt", "a\n");
  repos.worktree.commit("a", "2024-01-01");
  repos.bare.write("b.txt", "b\n");
  repos.bare.commit("b", "2024-01-01");
  auto found = org::find_repositories(repos.parent.str());
  REQUIRE(found.ok());
  const auto& repositories = found->repositories;
  auto has = [&](const std::string& path) {
    return std::find(repositories.begin(), repositories.end(), path) != repositories.end();
  };
  CHECK(has(repos.worktree.path()));
  CHECK(has(repos.bare.path()));
  for (const auto& path : repositories) {
    CHECK(path.find("/.git") == std::string::npos);
  }
  CHECK(found->skipped.empty());
}

TEST_CASE("org inputs: --dir walks past a folder it cannot list, and names it") {
  // Tests run as root, which reads any folder whatever its mode; running out
  // of descriptors halfway down a deep chain of folders is an error root gets
  // too. The walk holds one descriptor per level it is reading.
  TwoRepositories repos;
  const std::filesystem::path& parent = repos.parent.path();
  // Each level holds folders besides the next one, made before and after it,
  // named anew on every level: file systems list a folder in creation order,
  // its reverse or a hash of the names, and the walk holds a level's
  // descriptor only while some of its entries are still to be read.
  std::filesystem::path deep = parent / "deep";
  for (int level = 0; level < 40; ++level) {
    std::string n = std::to_string(level);
    std::filesystem::create_directories(deep / ("a" + n));
    std::filesystem::create_directories(deep / ("d" + n));
    std::filesystem::create_directories(deep / ("b" + n));
    std::filesystem::create_directories(deep / ("c" + n));
    deep /= "d" + n;
  }
  git::ensure_initialised();
  int open_now = 0;
  for ([[maybe_unused]] const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++open_now;
  }
  rlimit saved_limit{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved_limit) == 0);
  rlimit low = saved_limit;
  low.rlim_cur = static_cast<rlim_t>(open_now + 8);
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  auto found = org::find_repositories(parent.string());
  ::setrlimit(RLIMIT_NOFILE, &saved_limit);

  REQUIRE(found.ok());
  const std::string& worktree = repos.worktree.path();
  const std::string& bare = repos.bare.path();
  CHECK(found->repositories ==
        std::vector<std::string>{std::min(worktree, bare), std::max(worktree, bare)});
  // The folders at the level where descriptors ran out, each named; nothing
  // above it, and the walk went on to the repositories.
  REQUIRE_FALSE(found->skipped.empty());
  for (const core::Error& skipped : found->skipped) {
    INFO(skipped.describe());
    CHECK(skipped.location->path.rfind((parent / "deep" / "d0" / "d1").string(), 0) == 0);
    if (skipped.message.rfind("cannot list this folder", 0) == 0) {
      CHECK(skipped.message == "cannot list this folder: Too many open files");
      CHECK(skipped.hint ==
            "repositories below it were not scanned; fix what the error names, or list them "
            "with --repos");
    } else {
      CHECK(skipped.message.rfind("cannot open this repository: ", 0) == 0);
    }
  }
  CHECK(std::any_of(found->skipped.begin(), found->skipped.end(), [](const core::Error& e) {
    return e.message == "cannot list this folder: Too many open files";
  }));
}

TEST_CASE("org shards: deterministic, disjoint and complete") {
  CHECK_FALSE(org::parse_shard("2/2").ok());
  CHECK_FALSE(org::parse_shard("1").ok());
  CHECK_FALSE(org::parse_shard("a/3").ok());
  CHECK_FALSE(org::parse_shard("0/0").ok());
  REQUIRE(org::parse_shard("1/3").ok());
  std::vector<std::string> repos;
  for (int i = 0; i < 300; ++i) {
    repos.push_back("https://github.com/acme/repo-" + std::to_string(i));
  }
  std::size_t total = 0;
  for (unsigned i = 0; i < 3; ++i) {
    auto part = org::select_shard(repos, {i, 3});
    CHECK(part.size() > 50);  // FNV spreads names like these evenly enough
    total += part.size();
    for (const auto& repo : part) {
      CHECK(org::in_shard(repo, {i, 3}));
    }
  }
  CHECK(total == repos.size());
  // Pinned: a changed hash would silently reshuffle running shard jobs.
  CHECK(org::shard_hash("") == 14695981039346656037ull);
  CHECK(org::shard_hash("a") == 0xaf63dc4c8601ec8cull);
}

namespace {

nlohmann::ordered_json hostile_report() {
  org::RepoResult result;
  result.repository = "<script>alert(1)</script>\"'&\x1b[31m\x07";
  result.ok = false;
  result.error = "=cmd|' /C calc'!A0 <img src=x onerror=alert(2)>";
  return org::org_report({result}, "0.2.0");
}

}  // namespace

TEST_CASE("org reports: repository-controlled text is escaped in HTML, CSV and Markdown") {
  auto report = hostile_report();
  std::ostringstream html;
  org::write_org_html(html, report);
  CHECK(html.str().find("<script>alert") == std::string::npos);
  CHECK(html.str().find("<img") == std::string::npos);
  CHECK(html.str().find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;") !=
        std::string::npos);
  CHECK(html.str().find("Content-Security-Policy") != std::string::npos);
  CHECK(html.str().find("http") == html.str().find("http-equiv"));  // no external assets

  std::ostringstream csv;
  org::write_org_csv(csv, report);
  // The report writers' CSV escaping: the formula guard, quotes only where RFC 4180 needs them.
  CHECK(csv.str().find(",'=cmd|' /C calc'!A0") != std::string::npos);

  std::ostringstream markdown;
  org::write_org_markdown(markdown, report);
  CHECK(markdown.str().find("<script>") == std::string::npos);
  CHECK(markdown.str().find("\\|") != std::string::npos);

  // Issue 15.14: ESC and BEL from a repository name reach no format raw; they
  // are shown as the report writers show them (one escaping module).
  for (const auto& text : {html.str(), csv.str(), markdown.str()}) {
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
  }
  CHECK(csv.str().find("\\x1b[31m\\x07") != std::string::npos);
  CHECK(markdown.str().find("\\\\x1b\\[31m\\\\x07") != std::string::npos);
  CHECK(html.str().find("\\x1b[31m\\x07") != std::string::npos);
}

TEST_CASE("org merge: rejects what is not an org report, naming the file") {
  auto bad = org::merge_reports({{"scan.json", nlohmann::ordered_json{{"version", 1}}}}, "0.2.0");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().describe().find("scan.json") != std::string::npos);
  auto merged =
      org::merge_reports({{"a.json", hostile_report()}, {"b.json", hostile_report()}}, "0.2.0");
  REQUIRE(merged.ok());
  CHECK((*merged)["summary"]["repositories"] == 1);
  CHECK((*merged)["summary"]["failed"] == 1);
}
