#include "detect/npm_token.hpp"

#include "tests/support/catch.hpp"

using namespace nts::detect;

// The vectors from shared/reference/token-detection.md §11, assembled at run time
// from their parts so no token-shaped string sits in the repository.
TEST_CASE("npm checksum matches the published vectors") {
  CHECK(npm_checksum("0dead12Test345DeadTest6789test") == "399Wq7");
  CHECK(npm_checksum("qkJaB6MffYVzZXWqmcoF49yrUxP3wf") == "0LsakP");
  CHECK(npm_checksum("PaddingDemo3roKAp8zxeq67sRebFl") == "00tlJ4");  // zero padding
  CHECK(npm_checksum_ok(std::string("npm_") + "0dead12Test345DeadTest6789test" + "399Wq7"));
  CHECK_FALSE(npm_checksum_ok(std::string("npm_") + "0dead12Test345DeadTest6789test" + "399Wq8"));
  // The wrong alphabet order (0-9a-zA-Z) from secretlint#202 must fail.
  CHECK_FALSE(npm_checksum_ok(std::string("npm_") + "qkJaB6MffYVzZXWqmcoF49yrUxP3wf" + "0lSAKp"));
  CHECK_FALSE(npm_checksum_ok(std::string("NPM_") + "0DEAD12TEST345DEADTEST6789TEST" + "399WQ7"));
}

TEST_CASE("generated tokens are valid, broken ones are not") {
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    auto token = make_npm_token(seed);
    REQUIRE(token.size() == 40);
    CHECK(npm_checksum_ok(token));
    CHECK_FALSE(npm_checksum_ok(make_npm_token_bad_checksum(seed)));
    CHECK_FALSE(npm_token_looks_synthetic(token));
  }
  CHECK(make_npm_token(7) == make_npm_token(7));
}

TEST_CASE("synthetic placeholders that pass the checksum are recognised") {
  auto zeros = make_npm_token_synthetic('0');
  CHECK(npm_checksum_ok(zeros));
  CHECK(zeros.substr(34) == "2C8GjS");
  CHECK(npm_token_looks_synthetic(zeros));
  CHECK(npm_token_looks_synthetic(make_npm_token_synthetic('a')));
  std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123";
  CHECK(npm_token_looks_synthetic("npm_" + alphabet + npm_checksum(alphabet)));
}
