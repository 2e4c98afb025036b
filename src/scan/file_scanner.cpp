#include "scan/file_scanner.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "parse/file_kind.hpp"
#include "parse/yarnrc.hpp"
#include "sources/tree_file.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace nts::scan {
namespace {

constexpr std::size_t k_binary_probe = 8000;  // what git looks at to decide
constexpr std::size_t k_overlap = 1024;       // longer than any match a rule can make

std::string size_text(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 30)) {
    return std::to_string(bytes >> 30) + " GiB";
  }
  if (bytes >= (std::size_t{1} << 20)) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

// The structural checks skip a file they cannot parse (the pattern rules still
// ran over its text); say so, or a malformed .yarnrc.yml would pass for a clean one.
void report_unparsed(parse::FileKind kind, std::string_view text, const std::string& path,
                     std::vector<core::ScanIssue>& issues) {
  if (kind != parse::FileKind::yarnrc_yml) {
    return;
  }
  auto parsed = parse::parse_yarnrc_yml(text);
  if (!parsed) {
    const auto& error = parsed.error();
    issues.push_back({core::ScanIssue::Kind::error, path, error.location ? error.location->line : 0,
                      "not parsed, so its auth entries were not checked (the patterns still "
                      "ran): " +
                          error.message});
  }
}

bool starts_with_utf16_bom(std::string_view head) {
  return head.size() >= 2 &&
         ((head[0] == '\xff' && head[1] == '\xfe') || (head[0] == '\xfe' && head[1] == '\xff'));
}

// Why a file is skipped as binary: named in the report's errors as a note, so
// that a file hidden behind one NUL byte is never skipped silently.
core::ScanIssue binary_note(const std::string& path) {
  return {core::ScanIssue::Kind::note, path, 0,
          "binary (a NUL byte in its first 8000 bytes); skipped"};
}

// Scans `content` (a whole file) as text: every pattern and structural check.
void scan_whole(const detect::Detector& detector, std::string_view content,
                const std::string& relative_path, FileResult& result) {
  detect::ScanInput input;
  input.path = relative_path;
  input.kind = parse::classify_path(relative_path);
  input.text = content;
  for (auto& finding : detector.scan(input)) {
    (finding.ignore_comment_line ? result.inline_ignored : result.findings)
        .push_back(std::move(finding));
  }
  report_unparsed(input.kind, content, relative_path, result.issues);
  result.scanned = true;
}

}  // namespace

bool looks_binary(std::string_view head) {
  return std::memchr(head.data(), '\0', std::min(head.size(), k_binary_probe)) != nullptr;
}

FileResult scan_bytes(const detect::Detector& detector, std::string_view content,
                      const std::string& relative_path) {
  FileResult result;
  result.bytes = content.size();
  // UTF-16 with a byte order mark is text (Windows editors write it); a config
  // file is text whatever it holds, because npm, Yarn and the runner read it so.
  if (auto decoded = util::decode_utf16_with_bom(content)) {
    scan_whole(detector, *decoded, relative_path, result);
    return result;
  }
  if (!parse::is_config_file(relative_path) && looks_binary(content)) {
    result.binary = true;
    result.issues.push_back(binary_note(relative_path));
    return result;
  }
  scan_whole(detector, content, relative_path, result);
  return result;
}

FileResult scan_file(const detect::Detector& detector, const std::string& root,
                     const std::string& relative_path, const FileLimits& limits) {
  FileResult result;
  // Git lists a path as a file while the work tree may hold a symlink there (or
  // in a folder above, perhaps out of the repository), or a FIFO: never follow
  // the one, never block on the other.
  auto opened = sources::TreeFile::open(root, relative_path);
  if (opened.status() != sources::TreeFile::Status::opened) {
    auto kind = opened.status() == sources::TreeFile::Status::failed ? core::ScanIssue::Kind::error
                                                                     : core::ScanIssue::Kind::note;
    result.issues.push_back({kind, relative_path, 0, opened.problem()});
    result.missing = opened.status() == sources::TreeFile::Status::failed &&
                     (opened.error_number() == ENOENT || opened.error_number() == ENOTDIR);
    return result;
  }
  const int fd = opened.fd();
  const struct stat& info = opened.info();
  auto size = static_cast<std::size_t>(info.st_size);
  if (size > limits.max_file_size) {
    result.issues.push_back({core::ScanIssue::Kind::note, relative_path, 0,
                             "skipped: " + size_text(size) + " is over the file size limit of " +
                                 size_text(limits.max_file_size) +
                                 " (raise it with --max-file-size)"});
    return result;
  }

  const parse::FileKind kind = parse::classify_path(relative_path);
  const bool config = parse::is_config_file(relative_path);
  // One buffer per thread, grown to the largest chunk it has needed and kept:
  // a fresh one per file would be zero-filled and faulted in page by page.
  thread_local std::string buffer;
  const std::size_t window = std::min(size, limits.chunk_size) + 1;
  if (buffer.size() < window) {
    buffer.resize(window);
  }
  std::size_t carried = 0;      // bytes kept from the previous chunk
  std::size_t file_offset = 0;  // file offset of buffer[0]
  int line = 1;
  int column = 0;  // code points before buffer[0] on its line
  bool first = true;
  std::set<std::pair<int, int>> reported;  // (line, column) already reported, for overlaps

  while (true) {
    std::size_t room = window - carried;
    std::size_t unread = size - std::min(size, file_offset + carried);
    ssize_t got = util::read_into(fd, buffer.data() + carried, room, unread);
    if (got < 0) {
      result.issues.push_back({core::ScanIssue::Kind::error, relative_path, line,
                               std::string("read error: ") + std::strerror(errno)});
      return result;
    }
    std::size_t filled = carried + static_cast<std::size_t>(got);
    bool at_end = static_cast<std::size_t>(got) < room || file_offset + filled >= size;
    std::string_view data(buffer.data(), filled);
    if (first && (config || starts_with_utf16_bom(data))) {
      // Read whole (it is within --max-file-size): the structural checks need
      // the whole file, and UTF-16 is decoded before anything is scanned.
      std::string whole(data);
      if (!at_end) {
        whole.resize(size);
        ssize_t rest = util::read_into(fd, whole.data() + filled, size - filled, size - filled);
        if (rest < 0) {
          result.issues.push_back({core::ScanIssue::Kind::error, relative_path, 0,
                                   std::string("read error: ") + std::strerror(errno)});
          return result;
        }
        whole.resize(filled + static_cast<std::size_t>(rest));
      }
      return scan_bytes(detector, whole, relative_path);
    }
    if (first && looks_binary(data)) {
      result.binary = true;
      result.issues.push_back(binary_note(relative_path));
      return result;
    }
    // Cut at the last newline, so the next chunk starts a line; a single line
    // longer than a chunk is cut anywhere, with an overlap.
    std::size_t cut = filled;
    std::size_t keep_from = filled;
    if (!at_end) {
      auto newline = data.rfind('\n');
      if (newline != std::string_view::npos) {
        cut = keep_from = newline + 1;
      } else {
        keep_from = filled > k_overlap ? filled - k_overlap : 0;
      }
    }
    detect::ScanInput input;
    input.path = relative_path;
    input.kind = kind;
    input.text = data.substr(0, cut);
    input.base_offset = file_offset;
    input.base_line = line;
    input.base_column = column;
    input.whole_file = first && at_end;
    for (auto& finding : detector.scan(input)) {
      if (reported.emplace(finding.location.line, finding.location.column).second) {
        (finding.ignore_comment_line ? result.inline_ignored : result.findings)
            .push_back(std::move(finding));
      }
    }
    if (input.whole_file) {
      report_unparsed(kind, input.text, relative_path, result.issues);
    }
    result.bytes += cut;
    if (at_end) {
      break;
    }
    // Advance line and column over the bytes that will not be seen again.
    std::string_view passed = data.substr(0, keep_from);
    auto last_newline = passed.rfind('\n');
    for (char c : passed) {
      line += c == '\n' ? 1 : 0;
    }
    column = last_newline == std::string_view::npos
                 ? column + util::count_code_points(passed)
                 : util::count_code_points(passed.substr(last_newline + 1));
    carried = filled - keep_from;
    std::memmove(buffer.data(), buffer.data() + keep_from, carried);
    file_offset += keep_from;
    first = false;
  }
  result.scanned = true;
  return result;
}

}  // namespace nts::scan
