#include "rules/token_shape.hpp"

#include <re2/re2.h>

#include <random>

#include "rules/builtin_rules.hpp"
#include "rules/rule_set.hpp"
#include "tests/support/catch.hpp"

using namespace nts::rules;

TEST_CASE("token shapes: which patterns have one") {
  auto npm = token_shape("\\b(?P<secret>npm_[A-Za-z0-9]{36})\\b");
  REQUIRE(npm.has_value());
  CHECK(npm->literal == "npm_");
  CHECK(npm->min == 36);
  CHECK(npm->max == 36);
  CHECK(npm->word_start);
  CHECK(npm->word_end);
  CHECK(npm->in_class['Q']);
  CHECK_FALSE(npm->in_class['_']);
  auto ranged = token_shape("(?P<secret>ghp_[a-z_]{20,40})");
  REQUIRE(ranged.has_value());
  CHECK(ranged->min == 20);
  CHECK(ranged->max == 40);
  CHECK_FALSE(ranged->word_start);
  for (const char* other : {"(?i)\\b(?P<secret>npm_[A-Za-z0-9]{36})\\b",  // case folding
                            "\\b(?P<secret>npm_[A-Za-z0-9-]{36})\\b",     // '-' is not a word byte
                            "\\b(?P<secret>npm_[^ ]{36})\\b", "\\b(?P<secret>npm_[A-Z]+)\\b",
                            "\\bnpm_(?P<secret>[A-Z]{36})\\b", "\\b(?P<secret>npm_[A-Z]{36})x"}) {
    INFO(other);
    CHECK_FALSE(token_shape(other).has_value());
  }
}

TEST_CASE("token shapes agree with RE2 on random text around the keyword") {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  const std::string alphabet = "aZ09_-. \n\xe9/=";
  const std::string run_bytes = "abcXYZ0189_-";
  std::mt19937 random(20261128);
  auto pick = [&](const std::string& from) { return from[random() % from.size()]; };
  for (const char* pattern : {"\\b(?P<secret>npm_[A-Za-z0-9]{36})\\b",
                              "(?P<secret>npm_[A-Za-z0-9]{3,8})", "\\b(?P<secret>ab[a-c]{2,4})"}) {
    auto shape = token_shape(pattern);
    REQUIRE(shape.has_value());
    RE2 re(pattern, options);
    REQUIRE(re.ok());
    for (int round = 0; round < 20000; ++round) {
      std::string text;
      for (int i = static_cast<int>(random() % 3); i > 0; --i) {
        text += pick(alphabet);
      }
      std::size_t at = text.size();
      text += shape->literal.substr(0, shape->literal.size() - (random() % 7 == 0 ? 1 : 0));
      std::size_t run = shape->min + random() % 5 - 2 + (random() % 9 == 0 ? 30 : 0);
      for (std::size_t i = 0; i < run; ++i) {
        text += random() % 6 == 0 ? pick(run_bytes) : pick("aQ7z");
      }
      for (int i = static_cast<int>(random() % 3); i > 0; --i) {
        text += pick(alphabet);
      }
      std::size_t limit = random() % 4 == 0 ? at + random() % (text.size() - at + 1) : text.size();
      re2::StringPiece match[2];
      bool matched = re.Match(text, at, limit, RE2::ANCHOR_START, match, 2);
      std::size_t expected = matched ? match[1].size() : 0;
      INFO(pattern << " on '" << text << "' at " << at << " limit " << limit);
      REQUIRE(shape->match(text, at, limit) == expected);
    }
  }
}

TEST_CASE("the npm access token rule is checked by its shape") {
  auto set = RuleSet::compile(builtin_rules());
  REQUIRE(set.ok());
  const Rule* rule = set->find("npm-access-token");
  REQUIRE(rule != nullptr);
  bool shaped = false;
  for (const CompiledPattern& compiled : set->patterns()) {
    if (&set->rules()[compiled.rule_index] == rule) {
      shaped = compiled.shape.has_value();
    }
  }
  CHECK(shaped);
}
