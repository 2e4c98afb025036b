#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/scan_report.hpp"
#include "detect/detector.hpp"

namespace nts::scan {

struct FileLimits {
  std::size_t max_file_size = std::size_t{64} << 20;  // larger files are skipped with a note
  std::size_t chunk_size = std::size_t{8} << 20;      // memory per file does not grow past this
};

struct FileResult {
  std::vector<core::Finding> findings;
  // Findings an inline ignore comment covers, kept apart: counted, and in a
  // range scan checked against the policy for leak rules.
  std::vector<core::Finding> inline_ignored;
  std::vector<core::ScanIssue> issues;
  bool scanned = false;
  bool binary = false;
  // Not there when opened (a git listing names files deleted in the work tree).
  bool missing = false;
  std::size_t bytes = 0;
};

// Scans a file on disk in chunks of `chunk_size`, cut at line ends, so a
// 2 GB file needs no more memory than a small one. A file whose first 8000
// bytes hold a NUL byte is binary and skipped with a note. Config files
// (parse::is_config_file) and UTF-16 text with a byte order mark are read
// whole instead (within max_file_size): never binary, and the structural
// checks see them whatever their size.
// The file is `relative_path` below `root`, opened without following a
// symbolic link below root and without reading a FIFO or device (noted).
FileResult scan_file(const detect::Detector& detector, const std::string& root,
                     const std::string& relative_path, const FileLimits& limits);

// The same for bytes already in memory (git blobs, rule examples).
FileResult scan_bytes(const detect::Detector& detector, std::string_view content,
                      const std::string& relative_path);

bool looks_binary(std::string_view head);

}  // namespace nts::scan
