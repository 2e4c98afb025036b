#include <atomic>
#include <filesystem>
#include <fstream>

#include "detect/npm_token.hpp"
#include "git/blob_source.hpp"
#include "tests/git/visit_log.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;
using nts::test::VisitLog;

namespace {

std::string npmrc(const std::string& token) {
  return "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=" + token + "\n";
}

git::SourceResult history(const RepoBuilder& builder, VisitLog& log,
                          git::SourceOptions options = {}) {
  auto repo = git::Repository::open(builder.path());
  REQUIRE(repo.ok());
  auto result = git::scan_history(*repo, options, log.visitor());
  REQUIRE(result.ok());
  return std::move(result).value();
}

}  // namespace

TEST_CASE(
    "history: a token added then deleted is found, not at HEAD, with the commit that added it") {
  std::string token = detect::make_npm_token(1);
  RepoBuilder repo;
  repo.write("README.md", "# widgets\n");
  repo.commit("start", "2024-01-01");
  repo.write(".npmrc", npmrc(token));
  std::string added = repo.commit("add npmrc", "2024-01-02");
  repo.remove(".npmrc");
  std::string removed = repo.commit("remove npmrc", "2024-01-03");

  VisitLog log;
  git::SourceResult result = history(repo, log);
  auto leaks = log.containing(token);
  REQUIRE(leaks.size() == 1);
  CHECK(leaks[0].blob.path == ".npmrc");
  REQUIRE(leaks[0].blob.commit.has_value());
  CHECK(leaks[0].blob.commit->sha == added);
  CHECK(leaks[0].blob.commit->author_time == RepoBuilder::parse_date("2024-01-02"));
  CHECK_FALSE(leaks[0].blob.at_head);
  CHECK(leaks[0].blob.added_lines.empty());  // every line of a history blob is scanned

  auto readme = log.containing("# widgets");
  REQUIRE(readme.size() == 1);
  CHECK(readme[0].blob.at_head);
  CHECK(result.head == removed);
  CHECK(result.commits == 3);
  CHECK(result.blobs == 2);
  CHECK(result.issues.empty());
}

TEST_CASE(
    "history: one blob under many paths and commits is read once, at its first introduction") {
  std::string token = detect::make_npm_token(2);
  std::string shared = npmrc(token);
  RepoBuilder repo;
  repo.write("a/.npmrc", shared);
  std::string first = repo.commit("first copy", "2024-02-01");
  repo.write("b/.npmrc", shared).write("c/d/.npmrc", shared);
  repo.commit("more copies", "2024-02-02");
  repo.branch("feature");
  repo.checkout("feature");
  repo.write("e/.npmrc", shared);
  repo.commit("copy on a branch", "2024-02-03");
  repo.checkout("main");
  repo.merge("feature", "merge feature", "2024-02-04");
  repo.rename("a/.npmrc", "z/.npmrc");
  repo.commit("move it", "2024-02-05");

  for (unsigned jobs : {1u, 2u, 4u}) {
    VisitLog log;
    git::SourceOptions options;
    options.jobs = jobs;
    git::SourceResult result = history(repo, log, options);
    auto leaks = log.containing(token);
    REQUIRE(leaks.size() == 1);
    CHECK(leaks[0].blob.path == "a/.npmrc");
    CHECK(leaks[0].blob.commit->sha == first);
    CHECK(leaks[0].blob.at_head);  // still present, under other names
    CHECK(result.blobs == 1);
  }
}

TEST_CASE("history: a token only on an unmerged branch, and one only in a tag") {
  std::string on_branch = detect::make_npm_token(3);
  std::string in_tag = detect::make_npm_token(4);
  RepoBuilder repo;
  repo.write("README.md", "hello\n");
  repo.commit("start", "2024-03-01");
  repo.branch("experiment");
  repo.checkout("experiment");
  repo.write(".npmrc", npmrc(on_branch));
  std::string branch_commit = repo.commit("try publishing", "2024-03-02");
  repo.checkout("main");
  repo.branch("release");
  repo.checkout("release");
  repo.write("publish.sh", "npm config set //registry.npmjs.org/:_authToken " + in_tag + "\n");
  std::string tag_commit = repo.commit("release script", "2024-03-03");
  repo.tag("v1.0.0", true);
  repo.checkout("main");
  repo.delete_branch("release");
  repo.write("README.md", "hello again\n");
  repo.commit("main moves on", "2024-03-04");

  VisitLog all;
  history(repo, all);
  auto branch_leak = all.containing(on_branch);
  REQUIRE(branch_leak.size() == 1);
  CHECK(branch_leak[0].blob.commit->sha == branch_commit);
  CHECK_FALSE(branch_leak[0].blob.at_head);
  auto tag_leak = all.containing(in_tag);
  REQUIRE(tag_leak.size() == 1);
  CHECK(tag_leak[0].blob.commit->sha == tag_commit);
  CHECK(tag_leak[0].blob.path == "publish.sh");

  SECTION("--ref main narrows the walk to main's history") {
    VisitLog log;
    git::SourceOptions options;
    options.refs = {"main"};
    history(repo, log, options);
    CHECK(log.containing(on_branch).empty());
    CHECK(log.containing(in_tag).empty());
    CHECK(log.all().size() == 2);  // both README versions
  }
  SECTION("--ref v1.0.0 walks the tag, and its tree is the one leaks are still present in") {
    VisitLog log;
    git::SourceOptions options;
    options.refs = {"v1.0.0"};
    git::SourceResult result = history(repo, log, options);
    REQUIRE(log.containing(in_tag).size() == 1);
    CHECK(log.containing(in_tag)[0].blob.at_head);
    CHECK(result.head == tag_commit);
  }
  SECTION("an unknown --ref is an error that names it") {
    auto opened = git::Repository::open(repo.path());
    REQUIRE(opened.ok());
    VisitLog log;
    git::SourceOptions options;
    options.refs = {"no-such-branch"};
    auto result = git::scan_history(*opened, options, log.visitor());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("unknown revision 'no-such-branch'") != std::string::npos);
  }
}

TEST_CASE("history: content that only a merge commit adds is attributed to the merge") {
  std::string token = detect::make_npm_token(5);
  RepoBuilder repo;
  repo.write("a.txt", "a\n");
  repo.commit("start", "2024-04-01");
  repo.branch("topic");
  repo.checkout("topic");
  repo.write("b.txt", "b\n");
  std::string topic = repo.commit("topic work", "2024-04-02");
  repo.checkout("main");
  repo.write("c.txt", "c\n");
  repo.commit("main work", "2024-04-03");
  repo.write("resolved.txt", npmrc(token));  // written while resolving the merge
  std::string merge = repo.merge("topic", "merge topic", "2024-04-04");

  VisitLog log;
  history(repo, log);
  REQUIRE(log.containing(token).size() == 1);
  CHECK(log.containing(token)[0].blob.commit->sha == merge);
  REQUIRE(log.containing("b\n").size() == 1);
  CHECK(log.containing("b\n")[0].blob.commit->sha == topic);
  CHECK(log.paths() == std::vector<std::string>{"a.txt", "b.txt", "c.txt", "resolved.txt"});
}

TEST_CASE("history: a missing or corrupt object is an error issue and the rest is still scanned") {
  RepoBuilder repo;
  repo.write("alpha.txt", "alpha\n").write("beta.txt", "beta\n").write("gamma.txt", "gamma\n");
  std::string commit = repo.commit("three files", "2024-05-01");
  std::filesystem::remove(repo.loose_object_path(repo.blob_id("beta\n")));
  {
    std::string path = repo.loose_object_path(repo.blob_id("gamma\n"));
    std::filesystem::permissions(path, std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    std::ofstream corrupt(path, std::ios::binary | std::ios::trunc);
    corrupt << "this is not zlib data";
  }

  VisitLog log;
  git::SourceResult result = history(repo, log);
  CHECK(log.paths() == std::vector<std::string>{"alpha.txt"});
  CHECK(test::count_errors(result.issues) == 2);
  CHECK(
      test::has_issue(result.issues, core::ScanIssue::Kind::error, "beta.txt", "commit " + commit));
  CHECK(test::has_issue(result.issues, core::ScanIssue::Kind::error, "gamma.txt", "git fsck"));
}

TEST_CASE("history: a bare repository is walked like any other") {
  std::string token = detect::make_npm_token(6);
  RepoBuilder repo(RepoBuilder::Kind::bare);
  repo.write(".npmrc", npmrc(token));
  std::string added = repo.commit("add", "2024-06-01");
  repo.write(".npmrc", "registry=https://registry.npmjs.org/\n");
  repo.commit("scrub", "2024-06-02");

  VisitLog log;
  git::SourceResult result = history(repo, log);
  REQUIRE(log.containing(token).size() == 1);
  CHECK(log.containing(token)[0].blob.commit->sha == added);
  CHECK_FALSE(log.containing(token)[0].blob.at_head);
  CHECK(result.blobs == 2);
}

TEST_CASE("history: a shallow clone walks what it has and says what it lacks") {
  RepoBuilder repo;
  repo.write("one.txt", "1\n");
  std::string first = repo.commit("one", "2024-07-01");
  repo.write("two.txt", "2\n");
  std::string second = repo.commit("two", "2024-07-02");
  repo.write("three.txt", "3\n");
  repo.commit("three", "2024-07-03");
  // What `git clone --depth 2` leaves: the cut-off parent is absent and listed in .git/shallow.
  std::filesystem::remove(repo.loose_object_path(first));
  std::ofstream(repo.gitdir() + "shallow") << second << "\n";

  VisitLog log;
  git::SourceResult result = history(repo, log);
  CHECK(log.paths() == std::vector<std::string>{"one.txt", "three.txt", "two.txt"});
  CHECK(test::count_errors(result.issues) == 0);
  CHECK(test::has_issue(result.issues, core::ScanIssue::Kind::note, "", "shallow clone"));
  CHECK(result.commits == 2);
  REQUIRE(log.containing("1\n").size() == 1);
  CHECK(log.containing("1\n")[0].blob.commit->sha == second);  // the oldest commit we have
}

TEST_CASE("history: submodules, symlinks, LFS pointers and huge blobs are not scanned") {
  RepoBuilder repo;
  repo.write("README.md", "readme\n");
  std::string first = repo.commit("start", "2024-08-01");
  repo.submodule("vendor/lib", first);
  repo.symlink("secrets", "/etc/passwd");
  repo.write("big.bin", std::string(5000, 'x'));
  repo.write("art.psd",
             "version https://git-lfs.github.com/spec/v1\n"
             "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
             "size 12345\n");
  repo.commit("assets", "2024-08-02");

  VisitLog log;
  git::SourceOptions options;
  options.max_blob_size = 4096;
  git::SourceResult result = history(repo, log, options);
  CHECK(log.paths() == std::vector<std::string>{"README.md"});
  CHECK(test::has_issue(result.issues, core::ScanIssue::Kind::note, "vendor/lib", "submodule"));
  CHECK(test::has_issue(result.issues, core::ScanIssue::Kind::note, "big.bin", "size limit"));
  CHECK(test::has_issue(result.issues, core::ScanIssue::Kind::note, "art.psd", "Git LFS"));
  CHECK(test::count_errors(result.issues) == 0);
}

TEST_CASE("history: a file that becomes a directory of the same name, and back, is walked") {
  std::string in_dir = detect::make_npm_token(92);
  std::string in_file = detect::make_npm_token(93);
  RepoBuilder repo;
  repo.write("config", "plain file\n").write("config.txt", "beside it\n");
  repo.commit("start", "2024-09-01");
  repo.remove("config");
  repo.write("config/.npmrc", npmrc(in_dir));
  std::string became_dir = repo.commit("config is a directory now", "2024-09-02");
  repo.remove("config/.npmrc");
  repo.write("config", npmrc(in_file));
  std::string became_file = repo.commit("config is a file again", "2024-09-03");

  VisitLog log;
  git::SourceResult result = history(repo, log);
  auto dir_leak = log.containing(in_dir);
  REQUIRE(dir_leak.size() == 1);
  CHECK(dir_leak[0].blob.path == "config/.npmrc");
  CHECK(dir_leak[0].blob.commit->sha == became_dir);
  auto file_leak = log.containing(in_file);
  REQUIRE(file_leak.size() == 1);
  CHECK(file_leak[0].blob.path == "config");
  CHECK(file_leak[0].blob.commit->sha == became_file);
  CHECK(file_leak[0].blob.at_head);
  CHECK(result.blobs == 4);
  CHECK(result.issues.empty());
}

TEST_CASE("history: a token only on a remote-tracking branch is found") {
  std::string token = detect::make_npm_token(7);
  RepoBuilder repo;
  repo.write("README.md", "hello\n");
  repo.commit("start", "2024-09-01");
  repo.branch("fetched");
  repo.checkout("fetched");
  repo.write(".npmrc", npmrc(token));
  std::string remote_commit = repo.commit("pushed by a colleague", "2024-09-02");
  repo.remote_branch("origin", "colleague");
  repo.checkout("main");
  repo.delete_branch("fetched");

  VisitLog log;
  history(repo, log);
  REQUIRE(log.containing(token).size() == 1);
  CHECK(log.containing(token)[0].blob.commit->sha == remote_commit);
  CHECK_FALSE(log.containing(token)[0].blob.at_head);
}

TEST_CASE("history: one job or two, every blob keeps its first commit and path") {
  // Blobs that come back after leaving (a revert, a copy under another name)
  // and a merged branch: the blob workers' count must not change which
  // commit and path each blob is attributed to.
  std::string token = detect::make_npm_token(41);
  RepoBuilder repo;
  repo.write("README.md", "# widgets\n");
  repo.commit("c0", "2024-01-01");
  repo.write(".npmrc", npmrc(token));
  repo.commit("c1 add token", "2024-01-02");
  repo.branch("side");
  repo.remove(".npmrc");
  repo.commit("c2 remove token", "2024-01-03");
  for (int i = 3; i < 12; ++i) {
    repo.write("src/file" + std::to_string(i % 4) + ".js",
               "export const v = " + std::to_string(i) + ";\n");
    repo.commit("c" + std::to_string(i), "2024-01-" + std::to_string(10 + i));
  }
  repo.write("config/restored.npmrc", npmrc(token));    // the same blob, back under a new name
  repo.write("src/file0.js", "export const v = 3;\n");  // an old version again
  repo.commit("c12 restore", "2024-01-25");
  repo.checkout("side");
  repo.write("side.txt", "from the side branch\n");
  repo.commit("side work", "2024-01-26");
  repo.checkout("main");
  repo.merge("side", "merge side", "2024-01-27");

  auto summary = [&](unsigned jobs) {
    VisitLog log;
    git::SourceOptions options;
    options.jobs = jobs;
    git::SourceResult result = history(repo, log, options);
    std::vector<std::string> lines;
    for (const auto& visit : log.all()) {
      lines.push_back(visit.blob.path + " " + (visit.blob.commit ? visit.blob.commit->sha : "-") +
                      " " + std::to_string(visit.blob.order) + (visit.blob.at_head ? " head" : ""));
    }
    std::sort(lines.begin(), lines.end());
    CHECK(result.issues.empty());
    return lines;
  };
  std::vector<std::string> one = summary(1);
  std::vector<std::string> two = summary(2);
  CHECK(two == one);
  VisitLog log;
  history(repo, log);
  auto leaks = log.containing(token);
  REQUIRE(leaks.size() == 1);
  CHECK(leaks[0].blob.path == ".npmrc");  // the first introduction, not the restore
  CHECK(leaks[0].blob.at_head);           // config/restored.npmrc holds it at HEAD
}

TEST_CASE("history: `stop` ends the walk: once it is true no further blob is read") {
  RepoBuilder repo;
  for (int i = 1; i <= 5; ++i) {
    repo.write("file-" + std::to_string(i) + ".txt", std::to_string(i) + "\n");
    repo.commit("commit " + std::to_string(i), "2024-08-0" + std::to_string(i));
  }
  auto opened = git::Repository::open(repo.path());
  REQUIRE(opened.ok());
  std::atomic<int> visits{0};
  auto visitor = [&](const git::BlobToScan&) { ++visits; };
  git::SourceOptions options;
  options.jobs = 1;  // one reader: "after the first visit" is well defined

  SECTION("a stop that never fires reads every blob") {
    options.stop = [] { return false; };
    auto result = git::scan_history(*opened, options, visitor);
    REQUIRE(result.ok());
    CHECK(visits == 5);
    CHECK(result->commits == 5);
  }
  SECTION("a stop that fires after the first blob reads no other") {
    options.stop = [&] { return visits > 0; };
    auto result = git::scan_history(*opened, options, visitor);
    REQUIRE(result.ok());
    CHECK(visits == 1);
    CHECK(result->blobs == 1);
  }
}
