#include "detect/npm_token.hpp"
#include "git/blob_source.hpp"
#include "tests/git/visit_log.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;
using nts::test::VisitLog;

namespace {

git::SourceResult range(const RepoBuilder& builder, const std::string& base,
                        const std::string& head, VisitLog& log) {
  auto repo = git::Repository::open(builder.path());
  REQUIRE(repo.ok());
  auto result = git::scan_range(*repo, base, head, {}, log.visitor());
  REQUIRE(result.ok());
  return std::move(result).value();
}

}  // namespace

TEST_CASE("range: only lines new since the base, each with the range commit that added it") {
  std::string in_base = detect::make_npm_token(21);
  std::string first = detect::make_npm_token(22);
  std::string second = detect::make_npm_token(23);
  RepoBuilder repo;
  repo.write("config.txt", "line one\ntoken=" + in_base + "\n");
  repo.commit("base", "2024-01-01");
  repo.branch("feature");
  repo.checkout("feature");
  repo.write("config.txt", "line one\ntoken=" + in_base + "\ntoken=" + first + "\n");
  std::string c1 = repo.commit("add first", "2024-01-02");
  repo.write("config.txt", "line one\ntoken=" + in_base + "\ntoken=" + first + "\nmore\n");
  repo.write("new.txt", "token=" + second + "\n");
  std::string c2 = repo.commit("add second", "2024-01-03");

  VisitLog log;
  git::SourceResult result = range(repo, "main", "feature", log);
  // config.txt twice: the head's version, and the one c1 made (c2 changed it
  // again; what a commit of the range added is scanned even when later
  // commits change it, see the next test).
  CHECK(log.paths() == std::vector<std::string>{"config.txt", "config.txt", "new.txt"});
  auto configs = log.containing(first);
  REQUIRE(configs.size() == 2);
  const bool head_first = configs[0].blob.at_head;
  const git::BlobToScan& config = configs[head_first ? 0 : 1].blob;
  const git::BlobToScan& older = configs[head_first ? 1 : 0].blob;
  CHECK_FALSE(older.at_head);
  CHECK(older.commit->sha == c1);
  CHECK(older.reports_line(3));  // only what c1 added
  CHECK_FALSE(older.reports_line(2));
  CHECK_FALSE(config.reports_line(2));  // already in the base
  CHECK(config.reports_line(3));
  CHECK(config.reports_line(4));
  CHECK(config.commit_for_line(3)->sha == c1);
  CHECK(config.commit_for_line(4)->sha == c2);
  CHECK(config.at_head);
  auto news = log.containing(second);
  REQUIRE(news.size() == 1);
  const git::BlobToScan& added = news[0].blob;
  CHECK(added.commit_for_line(1)->sha == c2);
  CHECK(added.commit_for_line(1)->author_time == RepoBuilder::parse_date("2024-01-03"));
  CHECK(result.head == c2);
  CHECK(result.commits == 2);
}

TEST_CASE("range: what the base gained or lost after the branch point is not the pull request's") {
  std::string old_token = detect::make_npm_token(24);
  RepoBuilder repo;
  repo.write("shared.txt", "keep\ntoken=" + old_token + "\n");
  repo.commit("base", "2024-02-01");
  repo.branch("feature");
  repo.write("shared.txt", "keep\n");  // main scrubs the token after feature branched
  repo.write("main-only.txt", "main\n");
  repo.commit("scrub on main", "2024-02-02");
  repo.checkout("feature");
  repo.write("feature.txt", "feature\n");
  std::string feature = repo.commit("feature work", "2024-02-03");

  VisitLog log;
  range(repo, "main", "feature", log);
  // A two-dot tree diff main..feature would show the scrubbed line as added.
  CHECK(log.paths() == std::vector<std::string>{"feature.txt"});
  CHECK(log.all().at(0).blob.commit_for_line(1)->sha == feature);
}

TEST_CASE("range: a file renamed in the range reports only its changed lines") {
  std::string token = detect::make_npm_token(25);
  RepoBuilder repo;
  repo.write("a/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\nregistry=x\n");
  repo.commit("base", "2024-03-01");
  repo.branch("move");
  repo.checkout("move");
  repo.remove("a/.npmrc");
  repo.write("b/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\nregistry=y\n");
  repo.commit("move npmrc", "2024-03-02");

  VisitLog log;
  range(repo, "main", "move", log);
  REQUIRE(log.all().size() == 1);
  CHECK_FALSE(log.all()[0].blob.reports_line(1));
  CHECK(log.all()[0].blob.reports_line(2));
}

TEST_CASE("range: a merged branch's lines are attributed to the branch commit, not the merge") {
  std::string token = detect::make_npm_token(26);
  RepoBuilder repo;
  repo.write("a.txt", "a\n");
  repo.commit("base", "2024-04-01");
  repo.branch("pr");
  repo.checkout("pr");
  repo.branch("topic");
  repo.checkout("topic");
  repo.write("t.txt", "token=" + token + "\n");
  std::string topic = repo.commit("topic", "2024-04-02");
  repo.checkout("pr");
  repo.write("p.txt", "p\n");
  repo.commit("pr work", "2024-04-03");
  repo.merge("topic", "merge topic into pr", "2024-04-04");

  VisitLog log;
  range(repo, "main", "pr", log);
  CHECK(log.paths() == std::vector<std::string>{"p.txt", "t.txt"});
  CHECK(log.containing(token).at(0).blob.commit_for_line(1)->sha == topic);
}

TEST_CASE("range: bad revisions are errors that name them, ranges parse like git's") {
  RepoBuilder repo;
  repo.write("a.txt", "a\n");
  repo.commit("base", "2024-05-01");
  auto opened = git::Repository::open(repo.path());
  REQUIRE(opened.ok());
  VisitLog log;
  auto result = git::scan_range(*opened, "nope", "HEAD", {}, log.visitor());
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message.find("unknown revision 'nope'") != std::string::npos);

  using Pair = std::pair<std::string, std::string>;
  CHECK(*git::parse_range("main..feature") == Pair{"main", "feature"});
  CHECK(*git::parse_range("main...feature") == Pair{"main", "feature"});
  CHECK(*git::parse_range("origin/main") == Pair{"origin/main", "HEAD"});
  CHECK(*git::parse_range("main..") == Pair{"main", "HEAD"});
  CHECK_FALSE(git::parse_range("").ok());
}
