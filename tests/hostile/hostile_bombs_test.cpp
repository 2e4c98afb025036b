// Memory and time bombs in git objects, end to end: a blob whose header
// declares far more than the size limit, a small blob stored as a delta on a
// delta whose intermediate result is hundreds of megabytes (a pack of a few
// kilobytes, written here at run time), and a huge workflow file. Each must
// be refused from its header or its delta's declared size, before anything
// that large is allocated, with a note naming the object; the rest is scanned.
#include <filesystem>
#include <fstream>

#include "detect/npm_token.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/pack_writer.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using namespace nts::test::hostile;
using nts::test::PackWriter;
using nts::test::RepoBuilder;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t k_base_size = std::uint64_t{1} << 16;  // 64 KiB of 'a'
constexpr std::uint64_t k_mib = std::uint64_t{1} << 20;

// A repository whose first commit holds the control token and whose second
// adds `path` with `content`; that blob is then moved out of the loose
// objects into a hand-made pack where it is a delta on `intermediate_bytes`
// of 'a' (itself a delta on 64 KiB of 'a'). With `content` empty the blob is
// the intermediate result itself.
struct BombRepo {
  RepoBuilder repo;
  std::string token = detect::make_npm_token(61);
  std::string blob;

  BombRepo(const std::string& path, const std::string& content, std::uint64_t intermediate_bytes) {
    repo.write("control/.npmrc", control_npmrc(token));
    repo.commit("control", "2024-01-01");
    repo.branch("base");
    std::string stored = content;
    if (content.empty()) {
      // The blob is the big result itself: its tree entry needs its real id,
      // which git computes over the whole content (made here once, not kept).
      stored.assign(intermediate_bytes, 'a');
    }
    repo.write(path, stored);
    repo.commit("bomb", "2024-01-02");
    blob = repo.blob_id(stored);
    stored.clear();
    stored.shrink_to_fit();
    fs::remove(repo.loose_object_path(blob));

    PackWriter pack;
    std::string base(k_base_size, 'a');
    auto bottom = pack.add_object(PackWriter::k_blob, base, test::fake_id(1));
    auto middle =
        pack.add_ofs_delta(bottom, PackWriter::repeat_delta(k_base_size, intermediate_bytes),
                           content.empty() ? blob : test::fake_id(2));
    if (!content.empty()) {
      std::string delta = PackWriter::delta_header(intermediate_bytes, content.size());
      for (std::size_t at = 0; at < content.size(); at += 100) {
        delta += PackWriter::insert_op(std::string_view(content).substr(at, 100));
      }
      pack.add_ofs_delta(middle, delta, blob);
    }
    pack.install(repo.gitdir(), "bomb");
  }

  Outcome scan(std::vector<std::string> args) const {
    return scan_repository(repo.path(), token, args);
  }
};

bool mentions(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "hostile bombs: a small blob on a 256 MiB intermediate delta result is refused, --history") {
  // 62 bytes, stored as a delta on a delta that builds 256 MiB on the way.
  std::string small(62, 'x');
  BombRepo bomb("small.txt", small, 256 * k_mib);
  auto outcome = bomb.scan({"--history"});
  expect_intact(outcome);
  INFO(outcome.result.out);
  CHECK(mentions(outcome.result.out, "blob " + bomb.blob));
  CHECK(
      mentions(outcome.result.out, "an intermediate result of its delta chain is 268435456 bytes"));
  CHECK(mentions(outcome.result.out, "\"kind\": \"note\""));
}

TEST_CASE("hostile bombs: the same delta bomb in a pull request's range is refused, with a note") {
  std::string small(62, 'x');
  BombRepo bomb("small.txt", small, 256 * k_mib);
  auto outcome = bomb.scan({"--range", "base..main"});
  INFO(outcome.result.err);
  INFO(outcome.result.out);
  CHECK(outcome.result.exit_code == 0);  // the control token is in BASE: nothing new, no error
  CHECK(mentions(outcome.result.out, "blob " + bomb.blob));
  CHECK(mentions(outcome.result.out, "268435456 bytes, over the limit"));
}

TEST_CASE("hostile bombs: org reads a huge blob's size from its header and never inflates it") {
  // 128 MiB (over org's 64 MiB limit) from a pack of a few kilobytes.
  BombRepo bomb("huge.bin", "", 128 * k_mib);
  test::TempDir work;
  auto list = work.write("repos.txt", bomb.repo.path() + "\n");
  auto result = test::run_cli(
      {"org", "--repos", list.string(), "--format", "json", "--fail-on", "never", "--jobs", "1"});
  INFO(result.err);
  INFO(result.out);
  CHECK(result.exit_code == 0);
  CHECK(mentions(result.out, "huge.bin"));
  CHECK(mentions(result.out, "134217728 bytes is over the size limit"));
  CHECK(mentions(result.out, "control/.npmrc"));
}

TEST_CASE("hostile bombs: org --history refuses the delta bomb with a note naming the blob") {
  std::string small(62, 'x');
  BombRepo bomb("small.txt", small, 256 * k_mib);
  test::TempDir work;
  auto list = work.write("repos.txt", bomb.repo.path() + "\n");
  auto result = test::run_cli({"org", "--repos", list.string(), "--history", "--format", "json",
                               "--fail-on", "never", "--jobs", "1"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(mentions(result.out, "blob " + bomb.blob));
  CHECK(mentions(result.out, "268435456 bytes, over the limit"));
}

TEST_CASE("hostile bombs: a workflow over 512 KiB is noted and not parsed, in every mode") {
  RepoBuilder repo;
  std::string token = detect::make_npm_token(62);
  repo.write("control/.npmrc", control_npmrc(token));
  repo.commit("control", "2024-01-01");
  repo.branch("base");
  // 2 MiB of YAML comments after a valid header: cheap for yaml-cpp, but over the limit.
  std::string big = workflow_with("      - run: echo hi\n");
  while (big.size() < 2 * k_mib) {
    big += "# " + std::string(78, 'y') + "\n";
  }
  repo.write(".github/workflows/big.yml", big);
  repo.commit("big workflow", "2024-01-02");
  for (const std::vector<std::string>& mode :
       {std::vector<std::string>{}, std::vector<std::string>{"--range", "base..main"},
        std::vector<std::string>{"--history"}}) {
    std::vector<std::string> argv = {"scan", "--format", "json", "--fail-on", "never"};
    argv.insert(argv.end(), mode.begin(), mode.end());
    argv.push_back(".");
    auto result = test::run_cli(argv, repo.path());
    INFO(result.err);
    INFO(result.out);
    CHECK(result.exit_code == 0);
    CHECK(mentions(result.out, "workflow not analysed: " + std::to_string(big.size()) +
                                   " bytes is over the limit of 524288 bytes"));
  }
}
