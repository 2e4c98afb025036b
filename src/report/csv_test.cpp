#include <sstream>

#include "report/report.hpp"
#include "report/test_report.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

TEST_CASE("csv: a row per finding and per publishing job, CRLF records") {
  report::RenderOptions options;
  std::ostringstream out;
  report::write_csv(out, report::test::sample_report(), options);
  CHECK(out.str() ==
        "kind,rule,severity,confidence,path,line,column,message,value,fingerprint,commit,still_"
        "present,"
        "job,auth,trusted_publishing,blockers,migration,provider\r\n"
        "finding,npm-access-token,high,high,packages/cli/.npmrc,1,34,npm access token committed,"
        "\"npm_Ab…(redacted, 40 chars)\",0123456789abcdef0123456789abcdef,"
        "89abcdef0123456789abcdef0123456789abcdef,no,,,,,,\r\n"
        "finding,npm-token-reference,info,high,.npmrc,1,34,_authToken takes its value from "
        "${NPM_TOKEN},"
        "${NPM_TOKEN},fedcba9876543210fedcba9876543210,,,,,,,,\r\n"
        "finding,workflow-long-lived-token,medium,medium,.github/workflows/release.yml,12,9,"
        "job 'release' publishes with NODE_AUTH_TOKEN from secrets.NPM_TOKEN,,"
        "00112233445566778899aabbccddeeff,,,,,,,,\r\n"
        "publishing-job,,,,.github/workflows/release.yml,5,,,,,,,release,token,needs-changes,"
        "no id-token: write permission,\"add `permissions: id-token: write`\n"
        "remove NODE_AUTH_TOKEN\n"
        "npm trust github widgets --file release.yml --repo acme/widgets\",github\r\n");
}

TEST_CASE("csv: RFC 4180 quoting") {
  CHECK(report::csv_field("plain") == "plain");
  CHECK(report::csv_field("") == "");
  CHECK(report::csv_field("a,b") == "\"a,b\"");
  CHECK(report::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(report::csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(report::csv_field("cr\rhere") == "\"cr\rhere\"");
}

TEST_CASE("csv: control characters other than CR, LF and tab are shown, not passed on") {
  CHECK(report::csv_field("a\x1b[31mb\x07") == "a\\x1b[31mb\\x07");
  CHECK(report::csv_field("\x7f") == "\\x7f");
  CHECK(report::csv_field("tab\there") == "tab\there");
}

TEST_CASE("csv: cells a spreadsheet would evaluate are made text") {
  CHECK(report::csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(report::csv_field("+1") == "'+1");
  CHECK(report::csv_field("-2+3") == "'-2+3");
  CHECK(report::csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(report::csv_field("\tx") == "'\tx");
  CHECK(report::csv_field("\rx") == "\"'\rx\"");
  CHECK(report::csv_field("a=b") == "a=b");  // only the first character matters

  core::ScanReport report;
  core::Finding f;
  f.rule_id = "r";
  f.message = "m";
  f.location = {"=cmd|'/c calc'!A1.npmrc", 1, 1};
  report.findings = {f};
  std::ostringstream out;
  report::write_csv(out, report, {});
  CHECK(out.str().find("\r\nfinding,r,info,low,'=cmd|'/c calc'!A1.npmrc,1,1,m,") !=
        std::string::npos);
}
