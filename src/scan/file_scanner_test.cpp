#include "scan/file_scanner.hpp"

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

TEST_CASE("chunked scanning keeps line numbers across chunk boundaries") {
  test::TempDir dir;
  auto token = detect::make_npm_token(11);
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += "line " + std::to_string(i) + " of filler text for the chunking test\n";
  }
  text += "token=" + token + "\n";
  dir.write("big.txt", text);
  scan::FileLimits limits;
  limits.chunk_size = 4096;
  auto result = scan::scan_file(test::builtin_detector(), dir.str(), "big.txt", limits);
  REQUIRE(result.scanned);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].location.line == 5001);
  CHECK(result.findings[0].location.column == 7);
  CHECK(result.bytes == text.size());
}

TEST_CASE("a single line longer than a chunk is scanned with overlap, reported once") {
  test::TempDir dir;
  auto token = detect::make_npm_token(12);
  std::string text(10000, 'a');
  text += " " + token + " ";
  text += std::string(10000, 'b');
  dir.write("long.min.js", text);
  scan::FileLimits limits;
  limits.chunk_size = 4096;
  auto result = scan::scan_file(test::builtin_detector(), dir.str(), "long.min.js", limits);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].location.line == 1);
  CHECK(result.findings[0].location.column == 10002);
}

TEST_CASE("binary, oversized and unreadable files never stop the scan") {
  test::TempDir dir;
  dir.write("image.png", std::string("\x89PNG\0\0\0", 7) + detect::make_npm_token(1));
  auto result = scan::scan_file(test::builtin_detector(), dir.str(), "image.png", {});
  CHECK(result.binary);
  CHECK(result.findings.empty());

  dir.write("big.txt", std::string(2048, 'x'));
  scan::FileLimits limits;
  limits.max_file_size = 1024;
  auto skipped = scan::scan_file(test::builtin_detector(), dir.str(), "big.txt", limits);
  REQUIRE(skipped.issues.size() == 1);
  CHECK(skipped.issues[0].kind == core::ScanIssue::Kind::note);
  CHECK(skipped.issues[0].message ==
        "skipped: 2048 bytes is over the file size limit of 1024 bytes (raise it with "
        "--max-file-size)");

  auto missing = scan::scan_file(test::builtin_detector(), dir.str(), "nope", {});
  REQUIRE(missing.issues.size() == 1);
  CHECK(missing.issues[0].kind == core::ScanIssue::Kind::error);
  CHECK(missing.issues[0].message ==
        "cannot open: No such file or directory; check its permissions, or exclude it");
}
