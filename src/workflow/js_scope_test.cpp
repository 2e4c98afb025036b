// Option flags in JavaScript release scripts: which calls an `opts.publish`
// condition governs, what callers pass, and when a flag is known to be off.

#include <string>

#include "tests/support/catch.hpp"
#include "workflow/js_script.hpp"

using namespace nts::workflow;

namespace {

const js::ShellCall& command(const js::ScriptReading& r, const std::string& start) {
  for (const auto& c : r.commands) {
    if (c.command.rfind(start, 0) == 0) {
      return c;
    }
  }
  FAIL("no command starting with " << start);
  return r.commands.front();
}

bool runs_everything(const js::Guards&) {
  return true;
}

}  // namespace

TEST_CASE("JavaScript options: conditions on an option property govern calls") {
  auto r = js::read_script(R"JS(
import { execSync } from 'node:child_process'
export function release(opts) {
  execSync('npm run build')
  if (opts?.publish && !dry) { execSync('npm publish --tag a') }
  if (opts.publish || opts.force) { execSync('npm publish --tag b') }
  if (!opts.publish) {
    execSync('npm version patch')
  } else {
    execSync('npm publish --tag c')
  }
  if (!opts.ship || opts.dryRun) return
  execSync('npm publish --tag d')
}
)JS",
                           ".");
  CHECK(command(r, "npm run build").scope.function == "release");
  CHECK(command(r, "npm run build").scope.options.empty());
  CHECK(command(r, "npm publish --tag a").scope.options == std::vector<std::string>{"publish"});
  CHECK(command(r, "npm publish --tag b").scope.options.empty());  // either flag runs it
  CHECK(command(r, "npm version patch").scope.options.empty());
  CHECK(command(r, "npm publish --tag c").scope.options == std::vector<std::string>{"publish"});
  CHECK(command(r, "npm publish --tag d").scope.options == std::vector<std::string>{"ship"});
  CHECK(r.functions.at("release") == js::Callers::exported);
}

TEST_CASE("JavaScript options: a flag is off only when every caller passes false") {
  const char* script = R"JS(
import { execSync } from 'node:child_process'
function release(opts) {
  if (!opts.publish) return
  execSync('npm publish')
}
if (process.argv.includes('--bump')) release({ publish: false, tag: 'x' })
if (process.argv.includes('--ship')) release({ publish: CALLER })
)JS";
  std::string both(script);
  auto at = both.find("CALLER");
  SECTION("a caller passing an unknown value keeps the publish") {
    auto r = js::read_script(both.replace(at, 6, "process.env.SHIP === '1'"), ".");
    REQUIRE(r.local_calls.size() == 2);
    CHECK(r.local_calls[0].options == std::map<std::string, bool>{{"publish", false}});
    CHECK(r.local_calls[1].options.empty());
    CHECK(js::options_off(r, "release", nullptr, runs_everything).empty());
    // Only the --bump path runs: the publish is not reached.
    auto bump_only = [](const js::Guards& g) { return js::reachable(g, {"--bump"}); };
    CHECK(js::options_off(r, "release", nullptr, bump_only) == std::set<std::string>{"publish"});
    CHECK_FALSE(js::options_allow(command(r, "npm publish").scope,
                                  js::options_off(r, "release", nullptr, bump_only)));
  }
  SECTION("true keeps the publish") {
    auto r = js::read_script(both.replace(at, 6, "true"), ".");
    CHECK(js::options_off(r, "release", nullptr, runs_everything).empty());
  }
  SECTION("false everywhere rules it out") {
    auto r = js::read_script(both.replace(at, 6, "false"), ".");
    CHECK(js::options_off(r, "release", nullptr, runs_everything) ==
          std::set<std::string>{"publish"});
  }
}

TEST_CASE("JavaScript options: what the script itself sets or exports stays unknown") {
  SECTION("the function sets the flag before testing it") {
    auto r = js::read_script(R"JS(
function release(opts) {
  opts.publish = process.env.CI === 'true'
  if (opts.publish) execSync('npm publish')
}
release({ publish: false })
)JS",
                             ".");
    CHECK(r.options_set.count("publish"));
    CHECK(js::options_off(r, "release", nullptr, runs_everything).empty());
  }
  SECTION("an exported function follows what its importer passes") {
    auto r = js::read_script(R"JS(
export async function release(opts: { publish: boolean }) {
  if (opts.publish) execSync('npm publish')
}
)JS",
                             ".");
    CHECK_FALSE(r.options_set.count("publish"));  // a type annotation is not a value
    std::set<std::string> importer_off = {"publish"};
    std::set<std::string> importer_unknown;
    CHECK(js::options_off(r, "release", &importer_off, runs_everything) == importer_off);
    CHECK(js::options_off(r, "release", &importer_unknown, runs_everything).empty());
    CHECK(js::options_off(r, "release", nullptr, runs_everything).empty());
  }
  SECTION("a function passed as a value may be called anywhere") {
    auto r = js::read_script(R"JS(
function release(opts) { if (opts.publish) execSync('npm publish') }
release({ publish: false })
program.action(release)
)JS",
                             ".");
    CHECK(r.functions.at("release") == js::Callers::anyone);
    CHECK(js::options_off(r, "release", nullptr, runs_everything).empty());
  }
  SECTION("top-level code: the option object's value is not known") {
    auto r = js::read_script("const o = load()\nif (o.publish) execSync('npm publish')\n", ".");
    CHECK(command(r, "npm publish").scope.options == std::vector<std::string>{"publish"});
    CHECK(js::options_off(r, "", nullptr, runs_everything).empty());
  }
}

TEST_CASE("JavaScript options: a bundle-sized script keeps every publish") {
  std::string text =
      "function release(o) { if (!o.publish) return; execSync('npm publish') }\n"
      "release({ publish: false })\n";
  for (int i = 0; i < 600; ++i) {
    text += "function helper" + std::to_string(i) + "() {}\n";
  }
  auto r = js::read_script(text, ".");
  CHECK(r.local_calls.empty());
  CHECK(js::options_off(r, "release", nullptr, runs_everything).empty());
  CHECK(js::options_allow(command(r, "npm publish").scope, {"publish"}));
}
