#include "util/text.hpp"

#include "tests/support/catch.hpp"

using namespace nts::util;

TEST_CASE("code points: UTF-8 sequences count once, invalid bytes count one each") {
  CHECK(count_code_points("abc") == 3);
  CHECK(count_code_points("h\xc3\xa9llo") == 5);
  CHECK(count_code_points("\xe2\x80\xa6") == 1);
  CHECK(count_code_points("\xff\xfe") == 2);
  CHECK(count_code_points("\xe2\x80") == 2);
}

TEST_CASE("base64 round trip and rejection") {
  CHECK(decode_base64(encode_base64("user1:password1")) ==
        std::optional<std::string>("user1:password1"));
  CHECK(encode_base64("ab") == "YWI=");
  CHECK_FALSE(decode_base64("not base64!").has_value());
  CHECK_FALSE(decode_base64("").has_value());
}

TEST_CASE("entropy") {
  CHECK(shannon_entropy("aaaa") == 0.0);
  CHECK(shannon_entropy("abcd") == Approx(2.0));
}

TEST_CASE("escape_control keeps a file name on one line") {
  CHECK(escape_control("a\nb\x1b[31m") == "a\\nb\\x1b[31m");
}

TEST_CASE("escape_control: a leading workflow command prefix is escaped, once") {
  CHECK(escape_control("::stop-commands::x") == "\\x3a:stop-commands::x");
  CHECK(escape_control("  ::error::x") == "  \\x3a:error::x");
  CHECK(escape_control("##[error]x") == "\\x23#[error]x");
  CHECK(escape_control("a ::error::x") == "a ::error::x");     // not at a line start
  CHECK(escape_control("x\n::error::y") == "x\\n::error::y");  // the newline is escaped
  CHECK(escape_control(":x") == ":x");
  CHECK(escape_control("") == "");
}

TEST_CASE("UTF-16 with a byte order mark decodes to UTF-8, little and big endian") {
  CHECK(decode_utf16_with_bom(std::string("\xff\xfe"
                                          "a\0b\0",
                                          6)) == "ab");
  CHECK(decode_utf16_with_bom(std::string("\xfe\xff"
                                          "\0a\0b",
                                          6)) == "ab");
  CHECK(decode_utf16_with_bom(std::string("\xff\xfe\xe9\0", 4)) == "\xc3\xa9");
  // A surrogate pair, an unpaired surrogate and an odd last byte.
  CHECK(decode_utf16_with_bom(std::string("\xff\xfe\x3d\xd8\x00\xde", 6)) == "\xf0\x9f\x98\x80");
  CHECK(decode_utf16_with_bom(std::string("\xff\xfe\x3d\xd8", 4)) == "\xef\xbf\xbd");
  CHECK(decode_utf16_with_bom(std::string("\xff\xfe"
                                          "a\0b",
                                          5)) == "a\xef\xbf\xbd");
  CHECK_FALSE(decode_utf16_with_bom("plain text"));
  CHECK_FALSE(decode_utf16_with_bom(""));
}

TEST_CASE("shell_quote leaves plain words alone and quotes everything else") {
  CHECK(shell_quote("@acme/widgets") == "@acme/widgets");
  CHECK(shell_quote("release.yml") == "release.yml");
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("a b") == "'a b'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("$(touch x)") == "'$(touch x)'");
  CHECK(shell_quote("npm; touch x #") == "'npm; touch x #'");
}

TEST_CASE("code point boundaries: cut before or after a sequence, never inside") {
  std::string text = "a\xc3\xa9z\xe2\x80\xa6";  // a, é (2 bytes), z, … (3 bytes)
  CHECK(floor_code_point(text, 0) == 0);
  CHECK(floor_code_point(text, 1) == 1);
  CHECK(floor_code_point(text, 2) == 1);  // inside é
  CHECK(ceil_code_point(text, 2) == 3);
  CHECK(floor_code_point(text, 6) == 4);  // inside …
  CHECK(ceil_code_point(text, 5) == 7);
  CHECK(floor_code_point(text, 7) == 7);  // the end
  CHECK(floor_code_point(text, 99) == 7);
  // Invalid bytes are code points of their own, as count_code_points has them.
  std::string invalid = "\xe2\x80\x80\x80x";
  CHECK(floor_code_point(invalid, 2) == 0);
  CHECK(floor_code_point(invalid, 3) == 3);
  CHECK(ceil_code_point(invalid, 3) == 3);
  CHECK(floor_code_point("\x80\x80", 1) == 1);
  // A column is a code point index plus one.
  CHECK(byte_of_code_point(text, 0) == 0);
  CHECK(byte_of_code_point(text, 2) == 3);
  CHECK(byte_of_code_point(text, 4) == 7);
  CHECK(byte_of_code_point(text, 40) == 7);
  CHECK(byte_of_code_point("\xff\xfe", 1) == 1);
  for (std::size_t i = 0; i <= text.size(); ++i) {
    std::size_t start = floor_code_point(text, i);
    CHECK(count_code_points(std::string_view(text).substr(0, start)) +
              count_code_points(std::string_view(text).substr(start)) ==
          count_code_points(text));
  }
}

TEST_CASE("split_lines splits as getline does") {
  using Lines = std::vector<std::string_view>;
  CHECK(split_lines("") == Lines{});
  CHECK(split_lines("a") == Lines{"a"});
  CHECK(split_lines("a\n") == Lines{"a"});
  CHECK(split_lines("a\n\nb\r\n") == Lines{"a", "", "b\r"});
  CHECK(split_lines("\n") == Lines{""});
}
