#include "detect/redact.hpp"

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"

using namespace nts::detect;

TEST_CASE("redaction keeps a short prefix and the length only") {
  auto token = make_npm_token(1);
  auto shown = redact(token);
  CHECK(shown == token.substr(0, 6) + "\xE2\x80\xA6(redacted, 40 chars)");
  CHECK(shown.find(token.substr(6, 10)) == std::string::npos);
  CHECK(redact("hunter2") == "\xE2\x80\xA6(redacted, 7 chars)");
  CHECK(redact("0123456789abcdef0") == "01\xE2\x80\xA6(redacted, 17 chars)");
}

TEST_CASE("fingerprints depend on rule, path and secret, not on position") {
  auto a = fingerprint("npm-access-token", ".npmrc", "s3cret");
  CHECK(a.size() == 32);
  CHECK(a == fingerprint("npm-access-token", ".npmrc", "s3cret"));
  CHECK(a != fingerprint("npm-access-token", "other/.npmrc", "s3cret"));
  CHECK(a != fingerprint("npm-legacy-token", ".npmrc", "s3cret"));
  CHECK(a != fingerprint("npm-access-token", ".npmrc", "s3cret2"));
}
