#include "git/pack_backend.hpp"

#include <git2/sys/odb_backend.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "detect/npm_token.hpp"
#include "git/repository.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/repo_builder.hpp"
#include "tests/support/run_cli.hpp"

using namespace nts;
using nts::test::RepoBuilder;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_default_cache = std::size_t{64} << 20;

// `make test` installs git (scripts/install-deps.sh); deltas come from git's own repack.
void run_git(const RepoBuilder& repo, const std::vector<std::string>& args) {
  REQUIRE(fs::exists("/usr/bin/git"));
  std::vector<std::string> argv = {"/usr/bin/git", "-C", repo.path()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = test::run_command(argv);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

// Deep delta chains of trees and blobs, as `git gc --aggressive` leaves them.
void repack_with_deep_deltas(const RepoBuilder& repo) {
  run_git(repo, {"repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50"});
}

std::string hex_noise(std::uint32_t seed, std::size_t size) {
  std::mt19937 random(seed);
  std::string out(size, '0');
  for (char& c : out) {
    c = "0123456789abcdef"[random() % 16];
  }
  return out;
}

// Many versions of a few files in a few directories: each commit edits,
// appends and adds, so trees and blobs become long delta chains.
void write_delta_heavy_history(RepoBuilder& repo, int commits) {
  std::string log;
  for (int i = 0; i < commits; ++i) {
    log += "line " + std::to_string(i) + " of the changelog, with some shared words\n";
    repo.write("CHANGELOG.md", log);
    repo.write("src/version.js",
               "export const version = '1." + std::to_string(i) + ".0';\n" + hex_noise(7, 3000));
    repo.write("src/feature" + std::to_string(i % 17) + ".js",
               "// revision " + std::to_string(i) + "\n" + hex_noise(i % 17, 1500));
    repo.write("docs/page" + std::to_string(i) + ".md", "# page " + std::to_string(i) + "\n");
    repo.commit("release " + std::to_string(i), "2024-01-01");
  }
}

std::string objects_dir(const RepoBuilder& repo) {
  return repo.gitdir() + "objects";
}

std::shared_ptr<const gitfmt::PackSet> packs_of(const RepoBuilder& repo) {
  std::vector<std::string> skipped;
  auto packs = gitfmt::PackSet::open(objects_dir(repo), skipped);
  CHECK(skipped.empty());
  return packs;
}

// An object database that only our pack backend answers: nothing falls back.
git::OdbPtr pack_only_odb(const RepoBuilder& repo, std::size_t cache_bytes = k_default_cache) {
  git::ensure_initialised();
  git_odb* odb = nullptr;
  REQUIRE(git_odb_new(&odb) == 0);
  git::OdbPtr owned(odb);
  REQUIRE(git_odb_add_backend(odb, git::new_pack_backend(packs_of(repo), cache_bytes), 1) == 0);
  return owned;
}

// libgit2's own object database on the repository: the reference to match.
git::OdbPtr libgit2_odb(const RepoBuilder& repo) {
  git::ensure_initialised();
  git_odb* odb = nullptr;
  REQUIRE(git_odb_open(&odb, objects_dir(repo).c_str()) == 0);
  return git::OdbPtr(odb);
}

std::vector<git_oid> all_ids(git_odb* odb) {
  std::vector<git_oid> ids;
  auto collect = [](const git_oid* id, void* payload) {
    static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
    return 0;
  };
  REQUIRE(git_odb_foreach(odb, collect, &ids) == 0);
  return ids;
}

std::string contents(git_odb_object* object) {
  return {static_cast<const char*>(git_odb_object_data(object)), git_odb_object_size(object)};
}

// Kilobytes of `path`'s mappings resident in this process.
std::size_t resident_kb(const std::string& path) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool in_file = false;
  std::size_t total = 0;
  while (std::getline(smaps, line)) {
    if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
        line.find(' ') != std::string::npos && line.find(':') > line.find(' ')) {
      in_file = line.size() >= path.size() && line.ends_with(path);
    } else if (in_file && line.starts_with("Rss:")) {
      total += std::stoul(line.substr(4));
    }
  }
  return total;
}

// Reads every id through both databases: same type, size and bytes, and the
// same header (a delta's size comes from its own header, not its base's).
void expect_same_objects(git_odb* ours, git_odb* reference, const std::vector<git_oid>& ids) {
  for (const git_oid& id : ids) {
    INFO("object " << git::oid_hex(id));
    git_odb_object* expected = nullptr;
    REQUIRE(git_odb_read(&expected, reference, &id) == 0);
    git::OdbObjectPtr expected_owned(expected);
    git_odb_object* actual = nullptr;
    REQUIRE(git_odb_read(&actual, ours, &id) == 0);
    git::OdbObjectPtr actual_owned(actual);
    CHECK(git_odb_object_type(actual) == git_odb_object_type(expected));
    CHECK(contents(actual) == contents(expected));

    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    REQUIRE(git_odb_read_header(&size, &type, ours, &id) == 0);
    CHECK(size == git_odb_object_size(expected));
    CHECK(type == git_odb_object_type(expected));
    CHECK(git_odb_exists(ours, &id) == 1);
  }
}

// The deepest delta chain `git verify-pack` reports for the repository's packs.
int deepest_chain(const RepoBuilder& repo) {
  int deepest = 0;
  for (const auto& entry : fs::directory_iterator(objects_dir(repo) + "/pack")) {
    if (entry.path().extension() != ".idx") {
      continue;
    }
    auto listed = test::run_command({"/usr/bin/git", "verify-pack", "-v", entry.path().string()});
    std::istringstream lines(listed.out);
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream fields(line);
      std::string id, type, size, packed, offset;
      int depth = 0;
      if (fields >> id >> type >> size >> packed >> offset >> depth) {
        deepest = std::max(deepest, depth);
      }
    }
  }
  return deepest;
}

git_oid parse_oid(const std::string& hex) {
  git_oid oid{};
  REQUIRE(git_oid_fromstr(&oid, hex.c_str()) == 0);
  return oid;
}

// Flips one byte in the middle of a packed object's zlib stream.
void corrupt_packed_object(const RepoBuilder& repo, const std::string& sha) {
  auto packs = packs_of(repo);
  REQUIRE(packs->size() == 1);
  auto offset = packs->pack(0).find(git::from_git(parse_oid(sha)));
  REQUIRE(offset.has_value());
  std::string path = packs->pack(0).pack_path();
  packs.reset();  // unmapped before the file changes
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  std::fstream pack(path, std::ios::in | std::ios::out | std::ios::binary);
  pack.seekg(static_cast<std::streamoff>(*offset + 200));
  char byte = 0;
  pack.get(byte);
  pack.seekp(static_cast<std::streamoff>(*offset + 200));
  pack.put(static_cast<char>(byte ^ 0x5a));
}

std::string npmrc(const std::string& token) {
  return "//registry.npmjs.org/:_authToken=" + token + "\n";
}

}  // namespace

TEST_CASE("pack backend: every object of a delta-heavy pack reads back as libgit2 reads it") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  write_delta_heavy_history(repo, 60);
  repack_with_deep_deltas(repo);
  REQUIRE(deepest_chain(repo) >= 10);

  git::OdbPtr reference = libgit2_odb(repo);
  std::vector<git_oid> ids = all_ids(reference.get());
  REQUIRE(ids.size() > 200);
  // No cache, a cache that evicts all the time, and the one the scan uses.
  for (std::size_t cache_bytes : {std::size_t{0}, std::size_t{16} << 10, k_default_cache}) {
    INFO("cache of " << cache_bytes << " bytes");
    git::OdbPtr ours = pack_only_odb(repo, cache_bytes);
    expect_same_objects(ours.get(), reference.get(), ids);
    // Again in reverse: now the chains start from cached bases.
    std::vector<git_oid> reversed(ids.rbegin(), ids.rend());
    expect_same_objects(ours.get(), reference.get(), reversed);
  }
}

TEST_CASE("pack backend: dropping the pack's resident pages mid-read changes no object") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  write_delta_heavy_history(repo, 30);
  repack_with_deep_deltas(repo);
  git::OdbPtr reference = libgit2_odb(repo);
  std::vector<git_oid> ids = all_ids(reference.get());
  auto packs = packs_of(repo);
  git::ensure_initialised();
  git_odb* raw = nullptr;
  REQUIRE(git_odb_new(&raw) == 0);
  git::OdbPtr ours(raw);
  REQUIRE(git_odb_add_backend(raw, git::new_pack_backend(packs, k_default_cache), 1) == 0);
  // Each read passes the threshold: the pages are dropped between reads,
  // and every read after one maps them again from the file.
  for (std::size_t half = 0; half < 2; ++half) {
    std::vector<git_oid> part(
        ids.begin() + static_cast<std::ptrdiff_t>(half * ids.size() / 2),
        ids.begin() + static_cast<std::ptrdiff_t>((half + 1) * ids.size() / 2));
    for (const git_oid& id : part) {
      packs->note_read(gitfmt::PackSet::k_resident_bytes);
      expect_same_objects(ours.get(), reference.get(), {id});
    }
  }
  // And the pages do leave the resident set (libgit2's own mapping of the
  // pack, if any, stays).
  const std::string& pack = packs->pack(0).pack_path();
  std::size_t before = resident_kb(pack);
  REQUIRE(before > 0);
  packs->note_read(gitfmt::PackSet::k_resident_bytes);
  CHECK(resident_kb(pack) < before);
}

TEST_CASE("pack backend: objects spread over two packs all read back") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  write_delta_heavy_history(repo, 20);
  repack_with_deep_deltas(repo);
  write_delta_heavy_history(repo, 25);    // the same files again: new versions, loose
  run_git(repo, {"repack", "-d", "-q"});  // packs only the loose objects: a second pack
  REQUIRE(packs_of(repo)->size() == 2);

  git::OdbPtr reference = libgit2_odb(repo);
  git::OdbPtr ours = pack_only_odb(repo);
  expect_same_objects(ours.get(), reference.get(), all_ids(reference.get()));
}

TEST_CASE("pack backend: objects only loose are left to libgit2's own backends") {
  RepoBuilder repo;
  write_delta_heavy_history(repo, 5);
  repack_with_deep_deltas(repo);
  std::string loose_content = "written after the repack\n";
  repo.write("late.txt", loose_content);
  repo.commit("late", "2024-02-01");
  git_oid loose = parse_oid(repo.blob_id(loose_content));
  REQUIRE(fs::exists(repo.loose_object_path(git::oid_hex(loose))));

  git::OdbPtr ours = pack_only_odb(repo);
  git_odb_object* object = nullptr;
  CHECK(git_odb_read(&object, ours.get(), &loose) == GIT_ENOTFOUND);
  CHECK(git_odb_exists(ours.get(), &loose) == 0);

  auto opened = git::Repository::open(repo.path());
  REQUIRE(opened.ok());
  REQUIRE(git::add_pack_backend(opened->get(), packs_of(repo), k_default_cache).ok());
  git_odb* odb = nullptr;
  REQUIRE(git_repository_odb(&odb, opened->get()) == 0);
  git::OdbPtr owned(odb);
  REQUIRE(git_odb_read(&object, odb, &loose) == 0);
  git::OdbObjectPtr read(object);
  CHECK(contents(read.get()) == loose_content);
  // Everything else is packed and comes from our backend, as libgit2 reads it.
  git::OdbPtr reference = libgit2_odb(repo);
  expect_same_objects(odb, reference.get(), all_ids(reference.get()));
}

TEST_CASE("pack backend: a flipped byte in one packed object is an error naming it and the pack") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  write_delta_heavy_history(repo, 10);
  std::string noise = hex_noise(99, 4000);  // random: no other object is a delta of it
  repo.write("noise.bin", noise);
  repo.commit("noise", "2024-02-01");
  repack_with_deep_deltas(repo);
  std::string broken = repo.blob_id(noise);
  git::OdbPtr reference = libgit2_odb(repo);
  std::vector<git_oid> ids = all_ids(reference.get());
  reference.reset();
  corrupt_packed_object(repo, broken);

  git::OdbPtr ours = pack_only_odb(repo);
  git_oid broken_id = parse_oid(broken);
  git_odb_object* object = nullptr;
  int status = git_odb_read(&object, ours.get(), &broken_id);
  CHECK(status < 0);
  CHECK(status != GIT_ENOTFOUND);
  const git_error* error = git_error_last();
  REQUIRE(error != nullptr);
  std::string message = error->message;
  CHECK(message.find("corrupt object " + broken) != std::string::npos);
  CHECK(message.find(".pack") != std::string::npos);

  std::erase_if(ids, [&](const git_oid& id) { return git_oid_equal(&id, &broken_id); });
  reference = libgit2_odb(repo);
  expect_same_objects(ours.get(), reference.get(), ids);
}

TEST_CASE("pack backend: scan --history reports a corrupt packed blob once and finds the token") {
  std::string token = detect::make_npm_token(91);
  RepoBuilder repo;
  repo.write(".npmrc", npmrc(token));
  repo.commit("add npmrc", "2024-01-01");
  repo.remove(".npmrc");
  repo.commit("remove npmrc", "2024-01-02");
  std::string noise = hex_noise(98, 4000);
  repo.write("noise.bin", noise);
  repo.commit("noise", "2024-01-03");
  write_delta_heavy_history(repo, 10);
  repack_with_deep_deltas(repo);
  std::string broken = repo.blob_id(noise);
  corrupt_packed_object(repo, broken);

  // --fail-on never: the exit code then says only whether everything was scanned.
  auto result = test::run_cli({"scan", "--history", "--format", "json", "--fail-on", "never", "."},
                              repo.path());
  INFO(result.err);
  CHECK(result.exit_code == 3);
  CHECK(result.out.find("\"path\": \".npmrc\"") != std::string::npos);
  std::size_t errors = 0;
  for (std::size_t at = result.err.find("npm-token-scan: error: "); at != std::string::npos;
       at = result.err.find("npm-token-scan: error: ", at + 1)) {
    ++errors;
  }
  CHECK(errors == 1);
  CHECK(result.err.find("noise.bin") != std::string::npos);
  CHECK(result.err.find("corrupt object " + broken) != std::string::npos);
}

TEST_CASE(
    "pack backend: a byte flipped anywhere in a pack gives errors or fallbacks, never a crash") {
  RepoBuilder repo(RepoBuilder::Kind::bare);
  write_delta_heavy_history(repo, 25);
  repack_with_deep_deltas(repo);
  git::OdbPtr reference = libgit2_odb(repo);
  std::vector<git_oid> ids = all_ids(reference.get());
  reference.reset();
  std::string path = packs_of(repo)->pack(0).pack_path();
  std::string original;
  {
    std::ifstream in(path, std::ios::binary);
    original.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  std::mt19937 random(2024);
  // Past the 12-byte header (PackSet checks it) and before the trailing checksum.
  std::uniform_int_distribution<std::size_t> position(12, original.size() - GIT_OID_RAWSZ - 1);
  std::size_t errors = 0;
  for (int round = 0; round < 150; ++round) {
    std::string damaged = original;
    std::size_t at = position(random);
    damaged[at] = static_cast<char>(damaged[at] ^ (1 + random() % 255));
    std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
    INFO("byte " << at);
    git::OdbPtr ours = pack_only_odb(repo, std::size_t{64} << 10);
    for (const git_oid& id : ids) {
      git_odb_object* object = nullptr;
      int status = git_odb_read(&object, ours.get(), &id);
      git::OdbObjectPtr owned(object);
      std::size_t size = 0;
      git_object_t type = GIT_OBJECT_INVALID;
      int header_status = git_odb_read_header(&size, &type, ours.get(), &id);
      for (int result : {status, header_status}) {
        if (result < 0 && result != GIT_ENOTFOUND) {
          ++errors;
          REQUIRE(git_error_last() != nullptr);
        }
      }
    }
  }
  CHECK(errors > 0);
}
