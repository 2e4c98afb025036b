// End-to-end tests of the report formats: goldens from the canonical scan of
// cli_test.cpp, and the promise that no format ever prints a secret.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "detect/npm_token.hpp"
#include "tests/cli/golden_tree.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"
#include "util/text.hpp"

using namespace nts;

namespace {

const std::vector<std::string> k_formats = {"text", "json", "sarif", "github", "markdown", "csv"};

}  // namespace

TEST_CASE("formats: the canonical tree here is cli_test.cpp's") {
  test::TempDir dir;
  test::plant_golden_tree(dir);
  auto result = test::run_cli({"scan", "--format", "json"}, dir.str());
  CHECK(test::compare_golden(test::cli_golden("scan-json.json"), result.out).empty());
}

TEST_CASE("formats: --format lists every format, in order") {
  auto help = test::run_cli({"scan", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("{text,json,sarif,github,markdown,csv}") != std::string::npos);
}

TEST_CASE("formats: goldens of the canonical scan") {
  test::TempDir dir;
  test::plant_golden_tree(dir);
  const std::vector<std::pair<std::string, std::string>> cases = {{"sarif", "scan-sarif.sarif"},
                                                                  {"github", "scan-github.txt"},
                                                                  {"markdown", "scan-markdown.md"},
                                                                  {"csv", "scan-csv.csv"}};
  for (const auto& [format, file] : cases) {
    INFO(format);
    auto result = test::run_cli({"scan", "--format", format}, dir.str());
    CHECK(result.exit_code == 1);
    CHECK(result.err.empty());
    CHECK(test::compare_golden(test::cli_golden(file), result.out).empty());
  }
}

TEST_CASE("formats: SARIF describes exactly the rules `rules list` names") {
  test::TempDir dir;
  test::plant_golden_tree(dir);
  auto sarif = nlohmann::json::parse(test::run_cli({"scan", "--format", "sarif"}, dir.str()).out);
  auto list = nlohmann::json::parse(test::run_cli({"rules", "list", "--format", "json"}).out);
  std::set<std::string> described;
  for (const auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) {
    described.insert(rule["id"].get<std::string>());
    CHECK(rule["helpUri"] ==
          "https://github.com/npm-token-scan/npm-token-scan/blob/main/docs/rules.md#" +
              rule["id"].get<std::string>());
  }
  std::set<std::string> listed;
  for (const auto& rule : list) {
    listed.insert(rule["id"].get<std::string>());
  }
  CHECK(described == listed);
}

namespace {

// A tree with secrets where each rule finds them, one behind a hostile file
// name. Generated at run time: nothing token-shaped is committed. Returns the
// secrets planted.
std::vector<std::string> plant_secrets(const test::TempDir& dir) {
  std::vector<std::string> secrets;
  for (std::uint64_t seed = 9001; seed < 9007; ++seed) {
    secrets.push_back(detect::make_npm_token(seed));
  }
  std::string basic = util::encode_base64("ci-bot:" + secrets[4]);
  dir.write(".npmrc", "//registry.npmjs.org/:_authToken=" + secrets[0] + "\n");
  dir.write(".yarnrc.yml",
            "npmRegistries:\n  //registry.npmjs.org:\n    npmAuthToken: " + secrets[1] + "\n");
  dir.write("src/config.js", "export const token = \"" + secrets[2] + "\";\n");
  dir.write(".github/workflows/release.yml",
            "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: " +
                secrets[3] + "\n");
  dir.write("pkg,a=b:c/.npmrc", "//registry.npmjs.org/:_auth=" + basic + "\n");
  dir.write("tools/.npmrc", "registry=https://ci:" + secrets[5] + "@registry.npmjs.org/\n");
  secrets.push_back(basic);
  return secrets;
}

// Runs `format` to stdout and to --output; no 8-byte run of a secret past its
// first 6 bytes (the most detect::redact shows) may appear in either, or on stderr.
void check_no_secret(const test::TempDir& dir, const std::string& format,
                     const std::vector<std::string>& secrets) {
  INFO(format);
  auto result = test::run_cli({"scan", "--format", format}, dir.str());
  CHECK(result.exit_code == 1);
  auto written = dir.path().parent_path() / (dir.path().filename().string() + ".report");
  auto to_file =
      test::run_cli({"scan", "--format", format, "--output", written.string()}, dir.str());
  CHECK(to_file.exit_code == 1);
  std::string file_text = test::read_file(written);
  std::filesystem::remove(written);
  CHECK(file_text == result.out);
  std::size_t leaks = 0;
  for (const auto& secret : secrets) {
    std::string rest = secret.substr(6);
    for (std::size_t at = 0; at + 8 <= rest.size(); ++at) {
      auto piece = rest.substr(at, 8);
      leaks += result.out.find(piece) != std::string::npos ? 1 : 0;
      leaks += result.err.find(piece) != std::string::npos ? 1 : 0;
      leaks += to_file.err.find(piece) != std::string::npos ? 1 : 0;
    }
  }
  // A count, not the pieces: a failing run must not print the secrets either.
  CHECK(leaks == 0);
}

// Microsoft's SARIF validator (npm package @microsoft/sarif-multitool): from
// NTS_SARIF_MULTITOOL, else Sarif.Multitool or sarif-multitool on PATH. The
// package's `sarif-multitool` is a Node wrapper that runs the native program
// through a shell, which would split `--rule-kind Gh;Sarif` at the ';': the
// native Sarif.Multitool beside it is run instead.
std::string find_sarif_multitool() {
  namespace fs = std::filesystem;
  auto native = [](const fs::path& found) {
    std::error_code ec;
    auto real = fs::canonical(found, ec);
    if (!ec && real.filename() == "bin.js") {
      auto beside = real.parent_path().parent_path() / "sarif-multitool-linux" / "Sarif.Multitool";
      if (::access(beside.c_str(), X_OK) == 0) {
        return beside.string();
      }
    }
    return found.string();
  };
  if (const char* env = std::getenv("NTS_SARIF_MULTITOOL"); env != nullptr && *env != '\0') {
    return ::access(env, X_OK) == 0 ? native(env) : std::string();
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path == nullptr ? "" : path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    for (const char* name : {"Sarif.Multitool", "sarif-multitool"}) {
      auto candidate = fs::path(dir) / name;
      if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) {
        return native(candidate);
      }
    }
  }
  return {};
}

// Errors and warnings of the validator with GitHub's ingestion rules, as
// "RULE: message" lines; the validator exits 0 either way, so its log is read.
std::vector<std::string> sarif_problems(const std::string& tool, const std::string& sarif_text) {
  test::TempDir work;
  auto input = work.write("report.sarif", sarif_text);
  auto log = work.path() / "validation.sarif";
  // Invariant globalization: the .NET program then needs no libicu.
  std::string command = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 '" + tool + "' validate '" +
                        input.string() +
                        "' --rule-kind 'Gh;Sarif' --level 'Error;Warning' --output '" +
                        log.string() + "' > /dev/null 2>&1";
  int status = std::system(command.c_str());
  REQUIRE(status == 0);
  auto doc = nlohmann::json::parse(test::read_file(log));
  std::vector<std::string> out;
  for (const auto& result : doc["runs"][0]["results"]) {
    out.push_back(result["ruleId"].get<std::string>() + ": " +
                  result["message"].value("text", result["message"].dump()));
  }
  return out;
}

}  // namespace

TEST_CASE("formats: no format prints a planted secret") {
  test::TempDir dir;
  auto secrets = plant_secrets(dir);
  for (const auto& format : k_formats) {
    if (format != "text") {
      check_no_secret(dir, format, secrets);
    }
  }
  // The secrets were found, not merely missed: every planted file has a finding.
  auto json = nlohmann::json::parse(test::run_cli({"scan", "--format", "json"}, dir.str()).out);
  std::set<std::string> paths;
  for (const auto& finding : json["findings"]) {
    paths.insert(finding["path"].get<std::string>());
  }
  for (const char* path : {".npmrc", ".yarnrc.yml", "src/config.js",
                           ".github/workflows/release.yml", "pkg,a=b:c/.npmrc", "tools/.npmrc"}) {
    INFO(path);
    CHECK(paths.count(path) == 1);
  }
}

// Workflow findings quote the evidence line; the CLI masks any secret in it
// (cli/analysis.cpp) before a report sees it.
TEST_CASE("formats: the text report prints no planted secret") {
  test::TempDir dir;
  auto secrets = plant_secrets(dir);
  check_no_secret(dir, "text", secrets);
}

TEST_CASE("formats: docs/output-formats.md documents every format the binary offers") {
  auto help = test::run_cli({"scan", "--help"}).out;
  auto start = help.find("--format TEXT:{");
  REQUIRE(start != std::string::npos);
  start += std::string("--format TEXT:{").size();
  auto list = help.substr(start, help.find('}', start) - start);
  auto doc = test::read_file(std::filesystem::path(NTS_SOURCE_DIR) / "docs" / "output-formats.md");
  std::size_t documented = 0;
  std::size_t at = 0;
  while ((at = doc.find("\n## `", at)) != std::string::npos) {
    ++documented;
    ++at;
  }
  std::size_t offered = 0;
  std::size_t from = 0;
  while (from <= list.size()) {
    auto comma = std::min(list.find(',', from), list.size());
    auto name = list.substr(from, comma - from);
    INFO(name);
    CHECK(doc.find("\n## `" + name + "`\n") != std::string::npos);
    ++offered;
    from = comma + 1;
  }
  CHECK(documented == offered);
  // The CSV columns as documented are the ones the binary writes.
  auto csv = test::read_file(test::cli_golden("scan-csv.csv"));
  CHECK(doc.find("\n`" + csv.substr(0, csv.find('\r')) + "`\n") != std::string::npos);
}

TEST_CASE("baseline: accepted findings stay out when lines move, not when the secret spreads") {
  test::TempDir dir;
  test::TempDir state;
  test::plant_golden_tree(dir);
  auto baseline = (state.path() / "baseline.json").string();
  auto wrote = test::run_cli({"scan", "--write-baseline", baseline}, dir.str());
  CHECK(wrote.exit_code == 1);  // writing a baseline accepts nothing by itself
  CHECK(test::read_file(baseline).find("\"06c6b238ce5a35ef6a1729329cdd46b9\"") !=
        std::string::npos);

  auto clean = test::run_cli({"scan", "--baseline", baseline}, dir.str());
  CHECK(clean.exit_code == 0);
  CHECK(clean.out == "0 findings in 4 files; 0 workflows\n");
  CHECK(clean.err ==
        "npm-token-scan: note: " + baseline + ": 3 findings left out: accepted in this baseline\n");

  // The leak moves down two lines: same fingerprint, still accepted.
  auto token = detect::make_npm_token(101);
  dir.write(
      "packages/cli/.npmrc",
      "registry=https://registry.npmjs.org/\n\n//registry.npmjs.org/:_authToken=" + token + "\n");
  CHECK(test::run_cli({"scan", "--baseline", baseline}, dir.str()).exit_code == 0);

  // The same token in another file is a new leak.
  dir.write("packages/web/.npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n");
  auto spread = test::run_cli({"scan", "--baseline", baseline, "--format", "json"}, dir.str());
  CHECK(spread.exit_code == 1);
  auto json = nlohmann::json::parse(spread.out);
  REQUIRE(json["findings"].size() == 1);
  CHECK(json["findings"][0]["path"] == "packages/web/.npmrc");

  // --baseline F --write-baseline F refreshes F, then applies the old one.
  auto refresh =
      test::run_cli({"scan", "--baseline", baseline, "--write-baseline", baseline}, dir.str());
  CHECK(refresh.exit_code == 1);
  CHECK(test::run_cli({"scan", "--baseline", baseline}, dir.str()).exit_code == 0);
}

TEST_CASE("baseline: an unreadable or malformed baseline is a configuration error") {
  test::TempDir dir;
  test::plant_golden_tree(dir);
  auto missing = test::run_cli({"scan", "--baseline", "/nonexistent/baseline.json"}, dir.str());
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
  CHECK(missing.err.rfind(
            "npm-token-scan: error: /nonexistent/baseline.json: cannot read the baseline", 0) == 0);
  test::TempDir state;
  auto bad = state.write("baseline.json", "{\"fingerprints\": \"x\"}");
  auto malformed = test::run_cli({"scan", "--baseline", bad.string()}, dir.str());
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.find("unsupported baseline version") != std::string::npos);
}

TEST_CASE("formats: SARIF passes Microsoft's validator with GitHub's ingestion rules") {
  auto tool = find_sarif_multitool();
  if (tool.empty()) {
    // `make test` installs it (scripts/install-deps.sh) and sets
    // NTS_REQUIRE_SARIF_VALIDATOR: there a missing validator is a failure.
    const char* required = std::getenv("NTS_REQUIRE_SARIF_VALIDATOR");
    if (required != nullptr && *required != '\0') {
      FAIL("the SARIF validator is required but missing (NTS_SARIF_MULTITOOL="
           << (std::getenv("NTS_SARIF_MULTITOOL") ? std::getenv("NTS_SARIF_MULTITOOL") : "")
           << "); run scripts/install-deps.sh test");
    }
    WARN(
        "sarif-multitool not found (scripts/install-deps.sh test installs it in .tools/, or set "
        "NTS_SARIF_MULTITOOL): skipped");
    return;
  }
  // A control: a line number 0 must be reported, so a validator that checks
  // nothing (or runs with its arguments split, see find_sarif_multitool) fails here.
  auto broken = test::read_file(test::cli_golden("scan-sarif.sarif"));
  auto line = broken.find("\"startLine\": ");
  REQUIRE(line != std::string::npos);
  line += std::string("\"startLine\": ").size();
  broken.replace(line, broken.find(',', line) - line, "0");
  auto problems = sarif_problems(tool, broken);
  CHECK(std::any_of(problems.begin(), problems.end(),
                    [](const std::string& p) { return p.rfind("SARIF1007: ", 0) == 0; }));
  // The canonical scan, and a tree with workflow findings and a hostile file name.
  CHECK(sarif_problems(tool, test::read_file(test::cli_golden("scan-sarif.sarif"))) ==
        std::vector<std::string>{});
  test::TempDir dir;
  plant_secrets(dir);
  auto planted = test::run_cli({"scan", "--format", "sarif"}, dir.str());
  CHECK(sarif_problems(tool, planted.out) == std::vector<std::string>{});
}
