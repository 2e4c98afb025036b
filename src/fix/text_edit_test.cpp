#include "fix/text_edit.hpp"

#include "tests/support/catch.hpp"

using namespace nts::fix;

TEST_CASE("apply_edits replaces byte ranges and refuses overlaps") {
  std::string out;
  REQUIRE(apply_edits("abcdef", {{1, 2, "X", ""}, {4, 4, "Y", ""}}, &out));
  CHECK(out == "aXcdYef");
  CHECK_FALSE(apply_edits("abcdef", {{1, 4, "", ""}, {3, 5, "", ""}}, &out));
  CHECK_FALSE(apply_edits("abc", {{2, 9, "", ""}}, &out));
}

TEST_CASE("unified_diff shows only the changed lines with context") {
  std::string before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
  std::string after = "a\nb\nc\nd\nX\ne\nf\ng\nh\ni\n";
  auto diff = unified_diff("f.yml", before, after);
  CHECK(diff ==
        "diff --git a/f.yml b/f.yml\n--- a/f.yml\n+++ b/f.yml\n"
        "@@ -2,9 +2,9 @@\n b\n c\n d\n+X\n e\n f\n g\n h\n i\n-j\n");
  CHECK(unified_diff("f", "same\n", "same\n").empty());
}

TEST_CASE("unified_diff keeps CRLF and marks a missing final line break") {
  auto diff = unified_diff("w.yml", "a\r\nb", "a\r\nb\r\nc");
  CHECK(diff ==
        "diff --git a/w.yml b/w.yml\n--- a/w.yml\n+++ b/w.yml\n"
        "@@ -1,2 +1,3 @@\n a\r\n-b\n\\ No newline at end of file\n+b\r\n+c\n"
        "\\ No newline at end of file\n");
}

TEST_CASE("Lines finds lines, indentation and the file's line ending") {
  Lines lines("a:\r\n  b: 1\r\n  # c\r\n\r\n");
  CHECK(lines.count() == 4);
  CHECK(lines.newline() == "\r\n");
  CHECK(lines.indent(1) == 2);
  CHECK(lines.indent(2) == -1);
  CHECK(lines.text(1) == "  b: 1");
  CHECK(lines.line_of(5) == 1);
}
