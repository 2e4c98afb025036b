#include "scan/analysis_read_cache.hpp"

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <system_error>

#include "util/file.hpp"
#include "util/output_file.hpp"
#include "util/text.hpp"
#include "version.hpp"
#include "workflow/analyze.hpp"

namespace nts::scan {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_missing = "-";

fs::path cache_path(const std::string& git_dir) {
  return fs::path(git_dir) / "npm-token-scan" / "analysis-reads";
}

std::string header() {
  return std::string("npm-token-scan analysis-reads 1 ") + k_version;
}

// Which paths the analysis finds by listing the snapshot (workflows,
// package.json...): a file added or removed there changes what it reads
// without changing any file it read. FNV-1a over the sorted paths.
std::string listed_signature(const core::RepoView& snapshot) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const auto& path : snapshot.paths()) {
    if (!workflow::analysis_reads(path)) {
      continue;
    }
    for (char c : path) {
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    hash = (hash ^ 0xffU) * 1099511628211ULL;  // separator
  }
  std::ostringstream out;
  out << std::hex << hash;
  return out.str();
}

}  // namespace

std::optional<std::set<std::string>> cached_analysis_reads(const std::string& git_dir,
                                                           const core::RepoView& snapshot) {
  std::error_code unreadable;
  std::optional<std::string> text = util::read_file(cache_path(git_dir), unreadable);
  if (!text) {
    return std::nullopt;
  }
  std::vector<std::string_view> lines = util::split_lines(*text);
  if (lines.size() < 2 || lines[0] != header() ||
      lines[1] != "listed " + listed_signature(snapshot)) {
    return std::nullopt;
  }
  std::set<std::string> reads;
  for (std::size_t i = 2; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    auto space = line.find(' ');
    if (space == std::string::npos || space + 1 == line.size()) {
      return std::nullopt;
    }
    std::string_view id = line.substr(0, space);
    std::string path(line.substr(space + 1));
    auto now = snapshot.content_id(path);
    if (now ? id != *now : id != k_missing) {
      return std::nullopt;
    }
    reads.insert(std::move(path));
  }
  return reads;
}

void store_analysis_reads(const std::string& git_dir, const core::RepoView& snapshot,
                          const core::RecordingRepoView& recorded) {
  std::ostringstream out;
  out << header() << "\nlisted " << listed_signature(snapshot) << "\n";
  for (const auto& path : recorded.read_paths()) {
    if (path.empty() || path.find('\n') != std::string::npos) {
      return;  // not representable: keep no cache rather than a wrong one
    }
    auto id = snapshot.content_id(path);
    if (!id && snapshot.size(path)) {
      return;  // a view without content ids cannot be checked later
    }
    out << (id ? *id : std::string(k_missing)) << ' ' << path << '\n';
  }
  std::error_code error;
  fs::path target = cache_path(git_dir);
  fs::create_directories(target.parent_path(), error);
  // Written only into a real directory of our own, never through a link (the
  // file itself is replaced, never written through, by write_output_file).
  if (error || fs::is_symlink(fs::symlink_status(target.parent_path(), error))) {
    return;
  }
  util::write_output_file(target.string(), out.str());
}

}  // namespace nts::scan
