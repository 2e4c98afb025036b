// File names are data from the scanned repository: a newline, an escape
// sequence or invalid UTF-8 in one must come out escaped in every format, and
// never forge a line, a command, a cell or a table row.
#include <nlohmann/json.hpp>
#include <string>

#include "detect/npm_token.hpp"
#include "tests/hostile/hostile_support.hpp"
#include "tests/support/catch.hpp"

using namespace nts;
using namespace nts::test::hostile;

namespace {

constexpr const char* k_evil_name = "evil\nname\x1b[31m\r::error::x,%0A.txt";

struct Planted {
  test::TempDir dir;
  std::string token = detect::make_npm_token(41);
  Planted() {
    dir.write("control/.npmrc", control_npmrc(token));
    dir.write(k_evil_name, "NPM_TOKEN=" + detect::make_npm_token(42) + "\n");
  }
  test::CliResult scan(const std::string& format) const {
    auto result = test::run_cli({"scan", "--all-files", "--format", format, "."}, dir.str());
    CHECK(result.exit_code == 1);
    // CSV keeps CR and LF in a quoted field, but no other control character.
    CHECK(result.out.find("\x1b") == std::string::npos);
    CHECK(result.out.find(token.substr(6)) == std::string::npos);
    return result;
  }
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("hostile: a control-character file name in GitHub annotations") {
  Planted planted;
  auto out = planted.scan("github").out;
  CHECK(out.find('\r') == std::string::npos);
  CHECK(count(out, "\n") == 3);  // two annotations and the summary line
  CHECK(out.find("file=evil%0Aname\x1b") == std::string::npos);
  CHECK(out.find("file=evil%0Aname") != std::string::npos);
  CHECK(out.find("%0D%3A%3Aerror%3A%3Ax%2C%250A.txt,line=1") != std::string::npos);
}

TEST_CASE("hostile: a control-character file name in SARIF") {
  Planted planted;
  auto sarif = nlohmann::json::parse(planted.scan("sarif").out);
  auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  std::string uris;
  for (const auto& result : results) {
    uris +=
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>();
  }
  CHECK(uris.find('\n') == std::string::npos);
  CHECK(uris.find('\x1b') == std::string::npos);
}

TEST_CASE("hostile: a control-character file name in Markdown and CSV") {
  Planted planted;
  auto markdown = planted.scan("markdown").out;
  CHECK(markdown.find("evil\nname") == std::string::npos);
  CHECK(markdown.find('\r') == std::string::npos);
  auto csv = planted.scan("csv").out;
  // Three CRLF records (header, two findings); the name's own CR and LF sit inside quotes.
  CHECK(count(csv, "\r\n") == 3);
  CHECK(csv.find("\"evil\nname") != std::string::npos);
}

TEST_CASE("hostile: a file name of invalid UTF-8 still gives valid JSON and SARIF") {
  test::TempDir dir;
  auto token = detect::make_npm_token(43);
  dir.write("control/.npmrc", control_npmrc(token));
  dir.write("caf\xe9-\xff.env", "NPM_TOKEN=" + detect::make_npm_token(44) + "\n");
  for (const char* format : {"json", "sarif"}) {
    INFO(format);
    auto result = test::run_cli({"scan", "--all-files", "--format", format, "."}, dir.str());
    CHECK(result.exit_code == 1);
    auto parsed = nlohmann::json::parse(result.out, nullptr, false);
    REQUIRE_FALSE(parsed.is_discarded());
    if (std::string(format) == "json") {  // SARIF percent-encodes its URIs
      CHECK(result.out.find("caf\xef\xbf\xbd-\xef\xbf\xbd.env") != std::string::npos);
    }
  }
}

TEST_CASE("hostile: a baseline written from a scan with invalid UTF-8 file names") {
  test::TempDir dir;
  auto token = detect::make_npm_token(45);
  dir.write("control/.npmrc", control_npmrc(token));
  dir.write("caf\xe9.env", "NPM_TOKEN=" + detect::make_npm_token(46) + "\n");
  auto written = test::run_cli(
      {"scan", "--all-files", "--format", "json", "--write-baseline", "base.json", "."}, dir.str());
  INFO(written.err);
  CHECK(written.exit_code < 2);
  auto again = test::run_cli(
      {"scan", "--all-files", "--format", "json", "--baseline", "base.json", "."}, dir.str());
  INFO(again.err);
  CHECK(again.exit_code == 0);
}
