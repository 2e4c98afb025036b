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

TEST_CASE("keyword hits carry offsets, on the SIMD and the DFA paths") {
  std::string text = std::string(40, '.') + "NPM_x " + std::string(20, '-') + "AuthToken npm_";
  for (auto keywords : {std::vector<std::string>{"npm_", "authtoken"},
                        std::vector<std::string>{"npm_", "authtoken", "z"}}) {
    KeywordScanner scanner(keywords);
    std::vector<nts::util::KeywordHit> hits;
    CHECK((scanner.scan(text, &hits) & 0b11) == 0b11);
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].keyword == 0);
    CHECK(hits[0].offset == 40);
    CHECK(hits[1].keyword == 1);
    CHECK(hits[1].offset == 66);
    CHECK(hits[2].offset == 76);
  }
}

TEST_CASE("a keyword at the very end of the buffer is found") {
  KeywordScanner scanner({"npm_"});
  for (std::size_t pad = 0; pad < 40; ++pad) {
    CHECK(scanner.scan(std::string(pad, 'x') + "npm_") == 1);
  }
}
