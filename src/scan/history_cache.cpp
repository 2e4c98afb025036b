#include "scan/history_cache.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/issue_record.hpp"
#include "util/build_id.hpp"
#include "util/bytes.hpp"
#include "util/file.hpp"
#include "util/output_file.hpp"
#include "util/sha256.hpp"
#include "version.hpp"

namespace nts::scan {
namespace {

namespace fs = std::filesystem;

// The format's name, then its version: a file of another version was written
// by another release (its key would differ too) and is replaced silently.
constexpr std::string_view k_format = "npm-token-scan history cache ";
constexpr std::string_view k_magic = "npm-token-scan history cache 2\n";

std::string user_cache_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg == '/') {
    return std::string(xdg) + "/npm-token-scan/history";
  }
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home == '/') {
    return std::string(home) + "/.cache/npm-token-scan/history";
  }
  return {};
}

void write_optional(util::ByteWriter& out, const std::optional<std::string>& value) {
  out.u64(value ? 1 : 0);
  out.str(value.value_or(""));
}

std::optional<std::string> read_optional(util::ByteReader& in) {
  bool present = in.u64() == 1;
  std::string value = in.str();
  return present ? std::optional<std::string>(std::move(value)) : std::nullopt;
}

// Every field a report shows; the secret's digest (memory only) is left out.
void write_finding(util::ByteWriter& out, const core::Finding& finding) {
  out.str(finding.rule_id);
  out.u64(static_cast<std::uint64_t>(finding.severity));
  out.u64(static_cast<std::uint64_t>(finding.confidence));
  out.str(finding.message);
  out.str(finding.help);
  out.str(finding.location.path);
  out.i64(finding.location.line);
  out.i64(finding.location.column);
  out.str(finding.secret);
  out.str(finding.fingerprint);
  write_optional(out, finding.commit);
  out.u64(finding.still_present ? 1 : 0);
  out.u64(finding.ignore_comment_line ? 1 : 0);
  out.i64(finding.ignore_comment_line.value_or(0));
  out.str(finding.snippet);
  out.i64(finding.snippet_column);
  out.i64(finding.highlight_width);
}

core::Finding read_finding(util::ByteReader& in) {
  core::Finding finding;
  finding.rule_id = in.str();
  finding.severity = static_cast<core::Severity>(std::min<std::uint64_t>(in.u64(), 3));
  finding.confidence = static_cast<core::Confidence>(std::min<std::uint64_t>(in.u64(), 2));
  finding.message = in.str();
  finding.help = in.str();
  finding.location.path = in.str();
  finding.location.line = static_cast<int>(in.i64());
  finding.location.column = static_cast<int>(in.i64());
  finding.secret = in.str();
  finding.fingerprint = in.str();
  finding.commit = read_optional(in);
  finding.still_present = in.u64() == 1;
  bool ignored = in.u64() == 1;
  auto ignore_line = static_cast<int>(in.i64());
  if (ignored) {
    finding.ignore_comment_line = ignore_line;
  }
  finding.snippet = in.str();
  finding.snippet_column = static_cast<int>(in.i64());
  finding.highlight_width = static_cast<int>(in.i64());
  return finding;
}

std::string serialize(const std::string& key, const HistorySnapshot& snapshot) {
  util::ByteWriter out;
  out.raw(k_magic);
  out.str(key);
  out.str(snapshot.tips_id);
  out.str(snapshot.walk);
  write_optional(out, snapshot.head);
  out.u64(snapshot.blobs);
  out.u64(snapshot.bytes);
  core::write_issues(out, snapshot.source_issues);
  out.u64(snapshot.findings.size());
  for (const auto& recorded : snapshot.findings) {
    write_finding(out, recorded.finding);
    out.u64(recorded.order);
    out.strings(recorded.blobs);
  }
  core::write_issues(out, snapshot.blob_issues);
  out.u64(snapshot.files_skipped);
  out.u64(snapshot.inline_ignored);
  const git::TreeListing& listing = snapshot.analysed_tree;
  auto id = [&out](const gitfmt::ObjectId& oid) {
    out.raw(std::string_view(reinterpret_cast<const char*>(oid.id), sizeof oid.id));
  };
  id(listing.tree);
  out.strings(listing.paths);
  for (const gitfmt::ObjectId& blob : listing.blobs) {
    id(blob);
  }
  return out.take();
}

}  // namespace

HistoryCache::HistoryCache(const std::string& git_dir, std::string key) : m_key(std::move(key)) {
  m_paths.push_back((fs::path(git_dir) / "npm-token-scan" / "history").string());
  if (std::string user = user_cache_dir(); !user.empty()) {
    m_paths.push_back(user + "/" + util::sha256_hex(git_dir));  // libgit2's absolute path
  }
}

std::optional<HistorySnapshot> HistoryCache::load(std::vector<core::ScanIssue>& warnings) const {
  for (const std::string& path : m_paths) {
    std::error_code unreadable;
    std::optional<std::string> bytes = util::read_file(path, unreadable);
    if (!bytes) {
      continue;
    }
    if (bytes->starts_with(k_format) && !bytes->starts_with(k_magic)) {
      return std::nullopt;  // another version's file: scan everything
    }
    util::ByteReader in(*bytes);
    bool magic = in.raw(k_magic.size()) == k_magic;
    std::string key = in.str();
    if (magic && in.ok() && key != m_key) {
      return std::nullopt;  // other settings (rules, version, limits): scan everything
    }
    HistorySnapshot snapshot;
    snapshot.tips_id = in.str();
    snapshot.walk = in.str();
    snapshot.head = read_optional(in);
    snapshot.blobs = in.u64();
    snapshot.bytes = in.u64();
    snapshot.source_issues = core::read_issues(in);
    for (std::uint64_t n = in.count(64); n > 0 && in.ok(); --n) {
      RecordedFinding recorded;
      recorded.finding = read_finding(in);
      recorded.order = in.u64();
      recorded.blobs = in.strings();
      snapshot.findings.push_back(std::move(recorded));
    }
    snapshot.blob_issues = core::read_issues(in);
    snapshot.files_skipped = in.u64();
    snapshot.inline_ignored = in.u64();
    git::TreeListing& listing = snapshot.analysed_tree;
    auto id = [&in](gitfmt::ObjectId& oid) {
      std::string_view raw = in.raw(sizeof oid.id);
      if (raw.size() == sizeof oid.id) {
        std::memcpy(oid.id, raw.data(), sizeof oid.id);
      }
    };
    id(listing.tree);
    listing.paths = in.strings();
    listing.blobs.resize(in.ok() ? listing.paths.size() : 0);
    for (gitfmt::ObjectId& blob : listing.blobs) {
      id(blob);
    }
    if (!magic || !in.ok() || !in.at_end()) {
      warnings.push_back({core::ScanIssue::Kind::note, path, 0,
                          "the history cache is damaged and was ignored: the whole history was "
                          "scanned again (the file is replaced)"});
      return std::nullopt;
    }
    return snapshot;
  }
  return std::nullopt;
}

void HistoryCache::store(const HistorySnapshot& snapshot) const {
  std::string bytes = serialize(m_key, snapshot);
  for (const std::string& path : m_paths) {
    std::error_code error;
    fs::path folder = fs::path(path).parent_path();
    fs::create_directories(folder, error);
    // Only into a real folder of our own, never through a link.
    if (error || fs::is_symlink(fs::symlink_status(folder, error))) {
      continue;
    }
    ::chmod(folder.c_str(), 0700);
    if (util::write_output_file(path, bytes, 0600).empty()) {
      // One copy: a stale one elsewhere would be found first next time.
      for (const std::string& other : m_paths) {
        if (other != path) {
          fs::remove(other, error);
        }
      }
      return;
    }
  }
}

std::string history_cache_key(const std::vector<rules::Rule>& rules, std::size_t max_file_size,
                              const std::vector<std::string>& refs) {
  util::ByteWriter key;
  key.str(k_version);
  key.str(util::build_id());
  key.u64(max_file_size);
  key.strings(refs);
  key.u64(rules.size());
  for (const auto& rule : rules) {
    for (const std::string* text :
         {&rule.id, &rule.title, &rule.description, &rule.pattern, &rule.validator, &rule.fallback,
          &rule.message, &rule.help, &rule.source}) {
      key.str(*text);
    }
    key.u64(static_cast<std::uint64_t>(rule.severity));
    key.u64(static_cast<std::uint64_t>(rule.confidence));
    key.str(rules::to_string(rule.engine));
    key.str(std::to_string(rule.min_entropy));
    key.u64((rule.leak ? 1 : 0) | (rule.builtin_file ? 2 : 0));
    for (const auto* list : {&rule.files, &rule.keywords, &rule.allow, &rule.references}) {
      key.strings(*list);
    }
    for (const auto* examples : {&rule.match_examples, &rule.no_match_examples}) {
      key.u64(examples->size());
      for (const auto& example : *examples) {
        key.str(example.text);
        key.str(example.path);
      }
    }
  }
  return util::sha256_hex(key.bytes());
}

HistoryCacheUse open_history_cache(const git::Repository& repo,
                                   const std::vector<std::string>& refs, std::size_t max_file_size,
                                   const std::vector<rules::Rule>& rules) {
  HistoryCacheUse use;
  auto tips = git::history_tips_id(repo, refs);
  if (!tips) {
    return use;  // a ref that cannot be read: no cache either way
  }
  use.tips_id = std::move(*tips);
  use.cache.emplace(repo.git_dir(), history_cache_key(rules, max_file_size, refs));
  use.stored = use.cache->load(use.warnings);
  use.unchanged = use.stored && use.stored->tips_id == use.tips_id;
  return use;
}

git::SourceResult HistoryCacheUse::unchanged_result() const {
  git::SourceResult result;
  result.head = stored->head;
  result.issues = stored->source_issues;
  result.blobs = stored->blobs;
  result.bytes = stored->bytes;
  return result;
}

HistorySnapshot HistoryCacheUse::snapshot_of(const git::SourceResult& result,
                                             std::vector<RecordedFinding> findings,
                                             const std::vector<core::ScanIssue>& blob_issues,
                                             const core::ScanStats& stats) const {
  HistorySnapshot snapshot;
  snapshot.tips_id = tips_id;
  snapshot.walk = walk;
  snapshot.head = result.head;
  snapshot.blobs = result.blobs;
  snapshot.bytes = result.bytes;
  snapshot.source_issues = result.issues;
  snapshot.findings = std::move(findings);
  snapshot.blob_issues = blob_issues;
  snapshot.files_skipped = stats.files_skipped;
  snapshot.inline_ignored = stats.inline_ignored;
  return snapshot;
}

}  // namespace nts::scan
