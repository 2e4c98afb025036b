#include "config/baseline.hpp"

#include <filesystem>

#include "tests/support/catch.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nts;

namespace {

core::Finding finding(const std::string& fingerprint) {
  core::Finding f;
  f.rule_id = "r";
  f.fingerprint = fingerprint;
  return f;
}

}  // namespace

TEST_CASE("baseline: sorted unique fingerprints, read back as written") {
  std::vector<core::Finding> findings = {finding("bb"), finding("aa"), finding("bb"), finding("")};
  CHECK(config::baseline_text(findings) ==
        "{\n  \"version\": 1,\n  \"fingerprints\": [\n    \"aa\",\n    \"bb\"\n  ]\n}\n");
  test::TempDir dir;
  auto path = (dir.path() / "baseline.json").string();
  REQUIRE(config::write_baseline(path, findings).ok());
  auto read = config::read_baseline(path);
  REQUIRE(read.ok());
  CHECK(*read == std::set<std::string>{"aa", "bb"});
}

TEST_CASE("baseline: only the listed findings are dropped") {
  std::vector<core::Finding> findings = {finding("aa"), finding("cc"), finding("bb")};
  CHECK(config::apply_baseline(findings, {"aa", "bb", "zz"}) == 2);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].fingerprint == "cc");
}

TEST_CASE("baseline: a bad file is an error naming it") {
  test::TempDir dir;
  auto missing = config::read_baseline((dir.path() / "none.json").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "cannot read the baseline");
  dir.write("a.json", "[1, 2]");
  CHECK(config::read_baseline((dir.path() / "a.json").string()).error().message ==
        "the baseline is not a JSON object");
  dir.write("b.json", "{\"version\": 2, \"fingerprints\": []}");
  CHECK(config::read_baseline((dir.path() / "b.json").string()).error().message ==
        "unsupported baseline version (this npm-token-scan reads version 1)");
  dir.write("c.json", "{\"version\": 1, \"fingerprints\": [1]}");
  CHECK(config::read_baseline((dir.path() / "c.json").string()).error().message ==
        "every entry of \"fingerprints\" must be a string");
  dir.write("d.json", "{\"version\": 1");
  CHECK_FALSE(config::read_baseline((dir.path() / "d.json").string()).ok());
}
