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

TEST_CASE("shell_quote leaves plain words alone and quotes everything else") {
  CHECK(shell_quote("@acme/widgets") == "@acme/widgets");
  CHECK(shell_quote("release.yml") == "release.yml");
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("a b") == "'a b'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("$(touch x)") == "'$(touch x)'");
  CHECK(shell_quote("npm; touch x #") == "'npm; touch x #'");
}
