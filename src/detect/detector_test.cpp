#include "detect/detector.hpp"

#include "detect/npm_token.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "util/text.hpp"

using nts::test::detect_in;

TEST_CASE("a valid npm token in .npmrc: exact place, redacted, fingerprinted") {
  auto token = nts::detect::make_npm_token(42);
  auto findings =
      detect_in(".npmrc", "# registry\n//registry.npmjs.org/:_authToken=" + token + "\n");
  REQUIRE(findings.size() == 1);
  const auto& f = findings[0];
  CHECK(f.rule_id == "npm-access-token");
  CHECK(f.severity == nts::core::Severity::high);
  CHECK(f.location.line == 2);
  CHECK(f.location.column == 34);
  CHECK(f.secret == token.substr(0, 6) + "\xE2\x80\xA6(redacted, 40 chars)");
  CHECK(f.snippet == "//registry.npmjs.org/:_authToken=" + f.secret);
  CHECK(f.snippet_column == 34);
  CHECK(f.fingerprint.size() == 32);
  CHECK(f.snippet.find(token.substr(6)) == std::string::npos);
}

TEST_CASE("checksum failures and synthetic bodies are placeholders, not leaks") {
  auto bad = detect_in("docs/setup.md", "token: " + nts::detect::make_npm_token_bad_checksum(3));
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].rule_id == "npm-token-placeholder");
  CHECK(bad[0].severity == nts::core::Severity::info);
  CHECK(bad[0].confidence == nts::core::Confidence::low);
  auto zeros = detect_in("docs/setup.md", "token: " + nts::detect::make_npm_token_synthetic('0'));
  REQUIRE(zeros.size() == 1);
  CHECK(zeros[0].rule_id == "npm-token-placeholder");
}

TEST_CASE("columns count code points and survive CRLF") {
  auto token = nts::detect::make_npm_token(5);
  auto findings = detect_in("notes.txt", "r\xC3\xA9sum\xC3\xA9\r\n\xE2\x86\x92 " + token + "\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].location.line == 2);
  CHECK(findings[0].location.column == 3);
}

TEST_CASE("inline suppression on the line or the line above, by rule id") {
  auto token = nts::detect::make_npm_token(6);
  CHECK(detect_in("a.sh", "export T=" + token + "  # npm-token-scan: ignore[npm-access-token]\n")
            .empty());
  CHECK(detect_in("a.sh", "# npm-token-scan: ignore[other-rule, npm-access-token]\nexport T=" +
                              token + "\n")
            .empty());
  CHECK(
      detect_in("a.sh", "# npm-token-scan: ignore[other-rule]\nexport T=" + token + "\n").size() ==
      1);
  CHECK(detect_in("a.sh", "# npm-token-scan: ignore[npm-access-token]\n\nexport T=" + token + "\n")
            .size() == 1);
}

TEST_CASE("one secret, one finding: overlapping rules keep the strongest") {
  auto token = nts::detect::make_npm_token(8);
  auto findings = detect_in(".npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule_id == "npm-access-token");
}

TEST_CASE("npmrc: references are recorded, literals and passwords reported") {
  auto ref = detect_in(".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
  REQUIRE(ref.size() == 1);
  CHECK(ref[0].rule_id == "npm-token-reference");
  CHECK(ref[0].severity == nts::core::Severity::info);
  CHECK(ref[0].message ==
        "_authToken for //registry.npmjs.org/ takes its value from ${NPM_TOKEN}: not a leak, but "
        "it means "
        "publishing depends on a long-lived token");
  auto basic = detect_in(".npmrc", "_auth=dXNlcjE6cGFzc3dvcmQx\n");
  REQUIRE(basic.size() == 1);
  CHECK(basic[0].rule_id == "npmrc-basic-auth");
  CHECK(basic[0].location.column == 7);
  CHECK(basic[0].confidence == nts::core::Confidence::high);
}

TEST_CASE("lock files: integrity hashes never, credentials in URLs always") {
  std::string lock =
      "{\n  \"packages\": {\n    \"node_modules/x\": {\n"
      "      \"resolved\": \"https://ci:Zq8xW2vLp0tR@registry.example.com/x/-/x-1.0.0.tgz\",\n"
      "      \"integrity\": "
      "\"sha512-GDHVin2EJ9PGJ33VMGlqtPcvUlY+pkTbaWs4jWv8oBaEK8UUBzS5ZpEc4xi7Xp5vIXnVsCSLKNC6bgvR9X/"
      "AoQ==\"\n"
      "    }\n  }\n}\n";
  auto findings = detect_in("package-lock.json", lock);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule_id == "url-credentials");
  CHECK(findings[0].location.line == 4);
}

TEST_CASE("a quoted line masks every secret on it, not only its own finding's") {
  auto first = nts::detect::make_npm_token(61);
  auto second = nts::detect::make_npm_token(62);
  auto findings = detect_in("deploy.sh", "A=" + first + " B=" + second + " # tokens\n");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.snippet.find(first.substr(6)) == std::string::npos);
    CHECK(f.snippet.find(second.substr(6)) == std::string::npos);
    CHECK(f.snippet.find(" # tokens") != std::string::npos);
  }
  // The caret column still points at the finding's own secret.
  CHECK(findings[0].snippet_column == 3);
  CHECK(findings[1].snippet.substr(0, 2) == "A=");
  CHECK(findings[1].snippet_column == 2 + nts::util::count_code_points(findings[0].secret) + 4);
}

TEST_CASE("a secret cut by the snippet's context window is widened, never shown in part") {
  auto near = nts::detect::make_npm_token(63);
  auto far = nts::detect::make_npm_token(64);
  // `far` starts 50 bytes after `near` ends: the 60-byte window would cut it.
  auto findings = detect_in("notes.txt", "x " + near + std::string(50, ' ') + far + " tail\n");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.snippet.find(far.substr(6, 10)) == std::string::npos);
    CHECK(f.snippet.find(near.substr(6, 10)) == std::string::npos);
  }
}

TEST_CASE("a literal beside a ${VAR} reference is a credential, short separators are not") {
  auto fallback = detect_in(".npmrc", "//npm.pkg.github.com/:_authToken=${GH_PKG_TOKEN:-abcdef}\n");
  REQUIRE(fallback.size() == 1);
  CHECK(fallback[0].rule_id == "npmrc-auth-token");
  CHECK(fallback[0].secret.find("abcdef") == std::string::npos);
  CHECK(fallback[0].snippet.find("abcdef") == std::string::npos);
  CHECK(fallback[0].location.column == 50);
  auto suffix = detect_in(".npmrc", "//r.example.com/:_authToken=${X}0123456789abcdef\n");
  REQUIRE(suffix.size() == 1);
  CHECK(suffix[0].rule_id == "npmrc-auth-token");
  CHECK(suffix[0].snippet.find("0123456789abcdef") == std::string::npos);
  auto plain = detect_in(".npmrc", "//r.example.com/:_authToken=${NPM_TOKEN}\n");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].rule_id == "npm-token-reference");
  CHECK(plain[0].secret == "${NPM_TOKEN}");
  auto basic = detect_in(".npmrc", "//r.example.com/:_auth=${NPM_USER}:${NPM_PASS}\n");
  REQUIRE(basic.size() == 1);
  CHECK(basic[0].rule_id == "npm-token-reference");
  auto empty_fallback = detect_in(".npmrc", "//r.example.com/:_authToken=${NPM_TOKEN:-}\n");
  REQUIRE(empty_fallback.size() == 1);
  CHECK(empty_fallback[0].rule_id == "npm-token-reference");
  CHECK(empty_fallback[0].message.find("${NPM_TOKEN}") != std::string::npos);
}
