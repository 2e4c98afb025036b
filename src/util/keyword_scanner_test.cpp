#include "util/keyword_scanner.hpp"

#include "tests/support/catch.hpp"

using nts::util::KeywordScanner;

TEST_CASE("keyword scanner finds overlapping keywords, ignoring case") {
  KeywordScanner scanner({"npm_", "authtoken", "pm", "://"});
  CHECK(scanner.scan("") == 0);
  CHECK(scanner.scan("nothing here") == 0);
  CHECK(scanner.scan("x NPM_abc") == 0b0101);
  CHECK(scanner.scan("_AuthToken=") == 0b0010);
  CHECK(scanner.scan("https://example") == 0b1000);
  CHECK(scanner.scan("nnpm_ authtoken https://") == 0b1111);
}

TEST_CASE("keyword scanner follows failure links") {
  KeywordScanner scanner({"abcd", "bce"});
  CHECK(scanner.scan("abce") == 0b10);
  CHECK(scanner.scan("xabcd") == 0b01);
}
