#include "git/history_record.hpp"

#include "core/issue_record.hpp"
#include "util/bytes.hpp"

namespace nts::git {
namespace {

constexpr std::string_view k_magic = "npm-token-scan history walk 1\n";
constexpr std::size_t k_oid_bytes = sizeof(git_oid::id);

void write_oid(util::ByteWriter& out, const git_oid& oid) {
  out.raw(std::string_view(reinterpret_cast<const char*>(oid.id), k_oid_bytes));
}

git_oid read_oid(util::ByteReader& in) {
  git_oid oid{};
  std::string_view bytes = in.raw(k_oid_bytes);
  if (bytes.size() == k_oid_bytes) {
    std::memcpy(oid.id, bytes.data(), k_oid_bytes);
  }
  return oid;
}

void write_set(util::ByteWriter& out, const OidSet& set) {
  out.u64(set.size());
  set.for_each([&](const git_oid& oid) { write_oid(out, oid); });
}

OidSet read_set(util::ByteReader& in) {
  OidSet set;
  for (std::uint64_t n = in.count(k_oid_bytes); n > 0 && in.ok(); --n) {
    set.insert(read_oid(in));
  }
  return set;
}

}  // namespace

std::string HistoryRecord::serialize() const {
  util::ByteWriter out;
  out.raw(k_magic);
  out.u64(commits.size());
  for (const RecordedCommit& commit : commits) {
    write_oid(out, commit.oid);
    write_oid(out, commit.tree);
    out.i64(commit.commit_time);
    out.i64(commit.author_time);
    out.u64(commit.parents.size());
    for (std::uint32_t parent : commit.parents) {
      out.u64(parent);
    }
  }
  write_set(out, trees);
  write_set(out, blobs);
  out.strings(submodules);
  core::write_issues(out, issues);
  out.u64(blobs_visited);
  out.u64(bytes);
  return out.take();
}

std::optional<HistoryRecord> HistoryRecord::parse(std::string_view bytes) {
  util::ByteReader in(bytes);
  if (in.raw(k_magic.size()) != k_magic) {
    return std::nullopt;
  }
  HistoryRecord record;
  std::uint64_t commits = in.count(2 * k_oid_bytes + 24);
  record.commits.reserve(commits);
  for (std::uint64_t i = 0; i < commits && in.ok(); ++i) {
    RecordedCommit commit;
    commit.oid = read_oid(in);
    commit.tree = read_oid(in);
    commit.commit_time = in.i64();
    commit.author_time = in.i64();
    for (std::uint64_t n = in.count(8); n > 0 && in.ok(); --n) {
      std::uint64_t parent = in.u64();
      if (parent >= i) {  // parents come first in a walk's order
        return std::nullopt;
      }
      commit.parents.push_back(static_cast<std::uint32_t>(parent));
    }
    record.commits.push_back(std::move(commit));
  }
  record.trees = read_set(in);
  record.blobs = read_set(in);
  record.submodules = in.strings();
  record.issues = core::read_issues(in);
  record.blobs_visited = in.u64();
  record.bytes = in.u64();
  if (!in.ok() || !in.at_end()) {
    return std::nullopt;
  }
  return record;
}

}  // namespace nts::git
