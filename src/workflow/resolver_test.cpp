// The readers the command resolver relies on (JavaScript release scripts,
// Makefile/justfile/Taskfile targets, release tool configuration) and the
// resolver's limits on hostile input, end to end through the analysis.

#include <algorithm>
#include <string>

#include "scan/disk_repo_view.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "workflow/analyze.hpp"
#include "workflow/js_script.hpp"
#include "workflow/resolve.hpp"
#include "workflow/task_files.hpp"

using namespace nts;
using namespace nts::workflow;

namespace {

std::vector<std::string> commands_of(const js::ScriptReading& r) {
  std::vector<std::string> out;
  for (const auto& c : r.commands) {
    out.push_back(c.command);
  }
  return out;
}

Analysis analyse(std::vector<std::pair<std::string, std::string>> files) {
  core::MemoryRepoView repo;
  for (auto& [path, text] : files) {
    repo.add(path, text);
  }
  repo.set_remote_url("https://github.com/acme/widgets.git");
  return analyze_repository(repo, test::builtin_rules());
}

const core::JobReport& only_job(const Analysis& a) {
  REQUIRE(a.workflows.size() == 1);
  REQUIRE(a.workflows[0].jobs.size() == 1);
  return a.workflows[0].jobs[0];
}

bool mentions(const std::vector<core::Unresolved>& unresolved, const std::string& text) {
  return std::any_of(unresolved.begin(), unresolved.end(), [&](const core::Unresolved& u) {
    return u.reason.find(text) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("JavaScript reader: child_process, execa, zx and Bun.$ commands") {
  auto r = js::read_script(R"JS(
import { execSync, spawnSync } from 'node:child_process'
import { $ } from 'zx'
const tag = 'next'
const dry = process.env.DRY ? ' --dry-run' : ''
execSync(`pnpm -r publish --tag ${tag}${dry}`, { stdio: 'inherit' })
spawnSync('npm', ['publish', '--access', 'public'])
await $`jsr publish`
await Bun.$`bun publish`
// execSync('npm publish --comment')
console.log('npm publish failed')
const re = /npm publish/g
)JS",
                           ".");
  CHECK(commands_of(r) == std::vector<std::string>{"pnpm -r publish --tag next",
                                                   "npm publish --access public", "jsr publish",
                                                   "bun publish"});
  CHECK(r.commands[0].line == 6);
}

TEST_CASE("JavaScript reader: wrappers, nested templates, __dirname and argv guards") {
  auto r = js::read_script(R"JS(
const { execSync } = require('child_process')
const root = `${__dirname}/..`
const run = (cmd) => execSync(cmd, { stdio: 'inherit' })
function sh(cmd) { return spawnSync('bash', ['-c', cmd]) }
if (args.includes('--publish')) {
  run(`npm publish${opts.tag ? ` --tag ${opts.tag}` : ''} --provenance`)
}
sh(`bash ${root}/bin/publish`)
)JS",
                           "scripts");
  // The wrapper's own exec call is read too (its argument is unknown).
  REQUIRE(r.commands.size() == 3);
  CHECK(r.commands[0].command == "bash -c");
  CHECK(r.commands[1].command == "npm publish --provenance");
  CHECK(r.commands[1].guards == js::Guards{{"--publish"}});
  CHECK_FALSE(js::reachable(r.commands[1].guards, {"--dry"}));
  CHECK(js::reachable(r.commands[1].guards, {"--publish"}));
  CHECK(r.commands[2].command == "bash scripts/../bin/publish");
  CHECK(r.commands[2].guards.empty());
}

TEST_CASE("JavaScript reader: directories built from __dirname and import.meta.dirname") {
  auto r = js::read_script(R"JS(
import path from 'node:path'
const here = import.meta.dirname
const bin = path.join(__dirname, '..', 'bin')
execSync(`bash ${here}/publish.sh`)
execSync(`${bin}/publish-npm --tag next`)
)JS",
                           "tools");
  CHECK(commands_of(r) ==
        std::vector<std::string>{"bash tools/publish.sh", "tools/../bin/publish-npm --tag next"});
}

TEST_CASE("JavaScript reader: imports and calls into a release API") {
  auto r = js::read_script(R"JS(
import { releaseVersion, releasePublish as publishAll } from 'nx/release'
import * as lib from './lib/tasks'
const sr = require('semantic-release')
await publishAll({ registry: 'https://registry.npmjs.org/', dryRun: false })
lib.build()
export { x } from './other'
)JS",
                           ".");
  REQUIRE(r.api_calls.size() == 2);
  CHECK(r.api_calls[0].module == "nx/release");
  CHECK(r.api_calls[0].function == "releasePublish");
  CHECK(r.api_calls[0].arguments.find("registry : 'https://registry.npmjs.org/'") !=
        std::string::npos);
  CHECK(r.api_calls[1].module == "./lib/tasks");
  CHECK(r.api_calls[1].function == "build");
  REQUIRE(r.imports.size() == 4);
  CHECK(r.imports[2].module == "semantic-release");
  CHECK(r.imports[3].module == "./other");
  CHECK_FALSE(r.imports[3].bound);
}

TEST_CASE("JavaScript reader never fails on text that is not JavaScript") {
  for (std::string text : {std::string("`${"), std::string("'unterminated"), std::string("/*"),
                           std::string("execSync(`a${`b${'c'"), std::string(5000, '('),
                           std::string("\xff\xfe\x00\x01", 4)}) {
    auto r = js::read_script(text, ".");
    CHECK(r.commands.size() <= 1);
  }
}

TEST_CASE("Makefile targets: prerequisites first, recipe prefixes dropped, continuations joined") {
  std::string makefile =
      "VERSION := 1\n.PHONY: release publish\n\nbuild:\n\tnpm run build\n\n"
      "release: build publish\n\t@echo done\n\npublish:\n\t-npm publish \\\n\t  --access public\n";
  auto task = tasks::makefile_target(makefile, "release");
  REQUIRE(task.found);
  REQUIRE(task.steps.size() == 3);
  CHECK(task.steps[0].task == "build");
  CHECK(task.steps[1].task == "publish");
  CHECK(task.steps[2].command == "echo done");
  auto publish = tasks::makefile_target(makefile, "publish");
  REQUIRE(publish.steps.size() == 1);
  CHECK(publish.steps[0].command == "npm publish  --access public");
  CHECK(publish.steps[0].line == 11);
  CHECK(tasks::makefile_default(makefile) == "build");
  CHECK_FALSE(tasks::makefile_target(makefile, "missing").found);
}

TEST_CASE("justfile recipes: dependencies, parameters, the default recipe") {
  std::string justfile =
      "set shell := [\"bash\", \"-c\"]\n\ndefault: test\n\ntest:\n  npm test\n\n"
      "publish tag='latest': test (build 'prod')\n  @npm publish --tag {{tag}}\n\nbuild mode:\n"
      "  echo {{mode}}\n";
  auto task = tasks::justfile_recipe(justfile, "publish");
  REQUIRE(task.found);
  REQUIRE(task.steps.size() == 3);
  CHECK(task.steps[0].task == "test");
  CHECK(task.steps[1].task == "build");
  CHECK(task.steps[2].command == "npm publish --tag {{tag}}");
  auto first = tasks::justfile_recipe(justfile, "");
  REQUIRE(first.found);
  CHECK(first.steps.front().task == "test");
}

TEST_CASE("Taskfile tasks: deps, cmds, task calls, aliases and includes") {
  std::string taskfile =
      "version: '3'\nincludes:\n  pkg:\n    taskfile: ./packages/lib\n    dir: ./packages/lib\n"
      "tasks:\n  release:\n    aliases: [r]\n    deps: [build]\n    cmds:\n      - task: publish\n"
      "      - cmd: echo released\n  publish: npm publish\n  build:\n    cmds: [npm run build]\n";
  auto task = tasks::taskfile_task(taskfile, "r");
  REQUIRE(task.found);
  REQUIRE(task.steps.size() == 3);
  CHECK(task.steps[0].task == "build");
  CHECK(task.steps[1].task == "publish");
  CHECK(task.steps[2].command == "echo released");
  auto publish = tasks::taskfile_task(taskfile, "publish");
  REQUIRE(publish.steps.size() == 1);
  CHECK(publish.steps[0].command == "npm publish");
  auto included = tasks::taskfile_task(taskfile, "pkg:ship");
  REQUIRE(included.found);
  REQUIRE(included.steps.size() == 1);
  CHECK(included.steps[0].include == "./packages/lib");
  CHECK(included.steps[0].task == "ship");
  CHECK(included.steps[0].directory == "./packages/lib");
  CHECK_FALSE(tasks::taskfile_task("tasks: [", "x").found);
}

TEST_CASE("repository paths never leave the repository") {
  CHECK(repo_path("", "./scripts/release.sh") == "scripts/release.sh");
  CHECK(repo_path("packages/a", "../../bin/x") == "bin/x");
  CHECK_FALSE(repo_path("packages/a", "../../../etc/passwd"));
  CHECK_FALSE(repo_path("", "/usr/local/bin/publish"));
  CHECK_FALSE(repo_path("", "~/publish.sh"));
  CHECK_FALSE(repo_path("", "$HOME/publish.sh"));
  CHECK(is_javascript("x/y.mts", ""));
  CHECK(is_javascript("bin/release", "#!/usr/bin/env node\nrequire('x')"));
  CHECK_FALSE(is_javascript("bin/release", "#!/bin/bash\nnpm publish"));
}

TEST_CASE("release configurations decide whether the tool publishes to npm") {
  core::MemoryRepoView repo;
  repo.add("a/.releaserc.json", R"({"plugins": ["@semantic-release/github"]})");
  repo.add("b/release.config.js",
           "module.exports = { plugins: [['@semantic-release/npm', { npmPublish: false }]] }");
  repo.add("c/package.json", R"({"release": {"branches": ["main"]}})");
  repo.add("d/.releaserc.yml", "plugins:\n  - - '@semantic-release/npm'\n    - pkgRoot: dist\n");
  repo.add("e/.release-it.json", R"({"npm": {"publish": false}})");
  repo.add("f/.goreleaser.yaml", "builds: []\nnpms:\n  - name: x\n");
  repo.add("g/.autorc", R"({"plugins": ["released"]})");
  std::string config;
  CHECK(semantic_release_publishes(repo, "a", &config) == false);
  CHECK(config == "a/.releaserc.json");
  CHECK(semantic_release_publishes(repo, "b", &config) == false);
  CHECK(semantic_release_publishes(repo, "c", &config) == true);
  CHECK(semantic_release_publishes(repo, "d", &config) == true);
  CHECK_FALSE(semantic_release_publishes(repo, "z", &config).has_value());
  CHECK(release_it_publishes(repo, "e", &config) == false);
  CHECK(goreleaser_publishes(repo, "f", "", &config) == true);
  CHECK(goreleaser_publishes(repo, "", "f/.goreleaser.yaml", &config) == true);
  CHECK(auto_publishes(repo, "g", &config) == false);
}

TEST_CASE(
    "semantic-release publishes through other npm plugins, exec, and not from a private package") {
  core::MemoryRepoView repo;
  repo.add("pnpm/.releaserc.json",
           R"({"plugins": ["@semantic-release/commit-analyzer", "semantic-release-pnpm"]})");
  repo.add(
      "exec/.releaserc.json",
      R"({"plugins": [["@semantic-release/exec", {"publishCmd": "npm publish --tag next"}]]})");
  repo.add("exec-docker/.releaserc.json",
           R"({"plugins": [["@semantic-release/exec", {"publishCmd": "docker push img"}]]})");
  repo.add("exec-js/release.config.js",
           "module.exports = { plugins: [['@semantic-release/exec', { publishCmd: 'pnpm "
           "publish -r' }]] };");
  repo.add(
      "fork-js/release.config.mjs",
      "export default { plugins: ['@semantic-release/github', '@semantic-release-plus/npm'] };");
  repo.add("private/package.json", R"({"name": "p", "private": true})");
  repo.add("private/.releaserc.json", R"({"plugins": ["@semantic-release/npm"]})");
  repo.add("private-string/package.json",
           R"({"name": "p", "private": "true", "release": {"branches": ["main"]}})");
  repo.add("private-pkgroot/package.json", R"({"name": "p", "private": true})");
  repo.add("private-pkgroot/.releaserc.json",
           R"({"plugins": [["@semantic-release/npm", {"pkgRoot": "dist"}]]})");
  repo.add("private-exec/package.json", R"({"name": "p", "private": true})");
  repo.add("private-exec/.releaserc.json",
           R"({"plugins": [["@semantic-release/exec", {"publishCmd": "npm publish -w x"}]]})");
  repo.add("release-it-private/package.json", R"({"name": "p", "private": 1})");
  std::string config;
  CHECK(semantic_release_publishes(repo, "pnpm", &config) == true);
  CHECK(semantic_release_publishes(repo, "exec", &config) == true);
  CHECK(semantic_release_publishes(repo, "exec-docker", &config) == false);
  CHECK(semantic_release_publishes(repo, "exec-js", &config) == true);
  CHECK(semantic_release_publishes(repo, "fork-js", &config) == true);
  CHECK(semantic_release_publishes(repo, "private", &config) == false);
  CHECK(config == "private/package.json private");
  // semantic-release's test is `private !== true`: the string does not stop it.
  CHECK(semantic_release_publishes(repo, "private-string", &config) == true);
  CHECK(semantic_release_publishes(repo, "private-pkgroot", &config) == true);
  CHECK(semantic_release_publishes(repo, "private-exec", &config) == true);
  CHECK(release_it_publishes(repo, "release-it-private", &config) == false);
  CHECK(config == "release-it-private/package.json private");
}

TEST_CASE("scripts that cannot be read are noted, and the rest is analysed") {
  std::string workflow =
      "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    environment: npm\n"
      "    steps:\n      - run: ./scripts/missing.sh\n      - run: bash ../outside/publish.sh\n"
      "      - run: bash scripts/binary.sh\n      - run: bash scripts/latin1.sh\n"
      "      - run: bash scripts/huge.sh\n      - run: bash scripts/ok.sh\n";
  std::string huge(50u << 20, '#');
  auto a = analyse({{".github/workflows/release.yml", workflow},
                    {"package.json", R"({"name": "widgets"})"},
                    {"scripts/binary.sh", std::string("npm publish\0\x01\x02", 15)},
                    {"scripts/latin1.sh", "echo caf\xe9\nnpm publish\n"},
                    {"scripts/huge.sh", huge},
                    {"scripts/ok.sh", "cd dist\nnpm publish --provenance\n"}});
  const auto& job = only_job(a);
  // The readable script still publishes; its chain is evidence.
  CHECK(job.publishes_npm == core::Publishes::yes);
  REQUIRE(job.publish_steps.size() == 1);
  REQUIRE(job.publish_steps[0].via.size() == 2);
  CHECK(job.publish_steps[0].via[1].path == "scripts/ok.sh");
  CHECK(job.publish_steps[0].via[1].line == 2);
  CHECK(a.issues.empty());
}

TEST_CASE("unreadable scripts make a job with publish hints unknown, never a silent no") {
  std::string workflow =
      "on: push\njobs:\n  npm-publish:\n    runs-on: ubuntu-latest\n    environment: npm\n"
      "    steps:\n      - run: ./scripts/missing.sh\n      - run: bash ../outside/publish.sh\n"
      "      - run: bash scripts/binary.sh\n      - run: bash scripts/latin1.sh\n"
      "      - run: bash scripts/huge.sh\n";
  std::string huge(50u << 20, '#');
  auto a = analyse({{".github/workflows/release.yml", workflow},
                    {"scripts/binary.sh", std::string("npm publish\0\x01\x02", 15)},
                    {"scripts/latin1.sh", "echo caf\xe9\nnpm publish\n"},
                    {"scripts/huge.sh", huge}});
  const auto& job = only_job(a);
  CHECK(job.publishes_npm == core::Publishes::unknown);
  CHECK(mentions(job.unresolved, "scripts/missing.sh is not in the checkout"));
  CHECK(mentions(job.unresolved, "../outside/publish.sh is outside the repository"));
  CHECK(mentions(job.unresolved, "scripts/binary.sh is a binary file"));
  CHECK(mentions(job.unresolved, "scripts/latin1.sh is not UTF-8"));
  CHECK(mentions(job.unresolved, "scripts/huge.sh is larger than"));
}

TEST_CASE("cycles end, a 10,000-deep npm run chain stops at the depth limit") {
  std::string scripts = R"("a": "npm run b", "b": "bash scripts/c.sh", )";
  std::string deep;
  for (int i = 0; i < 10000; ++i) {
    deep += "\"s" + std::to_string(i) + "\": \"npm run s" + std::to_string(i + 1) + "\", ";
  }
  deep += R"("s10000": "npm publish")";
  auto a = analyse({{".github/workflows/release.yml",
                     "on: push\njobs:\n  cycle:\n    runs-on: ubuntu-latest\n    steps:\n"
                     "      - run: npm run a\n  deep:\n    runs-on: ubuntu-latest\n    steps:\n"
                     "      - run: npm run s0\n  shallow:\n    runs-on: ubuntu-latest\n"
                     "    steps:\n      - run: npm run s9990\n"},
                    {"package.json", "{\"name\": \"w\", \"scripts\": {" + scripts + deep + "}}"},
                    {"scripts/c.sh", "bash scripts/d.sh\n"},
                    {"scripts/d.sh", "bash scripts/c.sh\nnpm run a\n"}});
  REQUIRE(a.workflows.size() == 1);
  const auto& jobs = a.workflows[0].jobs;
  REQUIRE(jobs.size() == 3);
  CHECK(jobs[0].publishes_npm == core::Publishes::no);
  CHECK(jobs[1].publishes_npm != core::Publishes::yes);  // past the limit: not followed
  CHECK(jobs[2].publishes_npm == core::Publishes::yes);  // 11 hops: followed
  REQUIRE(jobs[2].publish_steps.size() == 1);
  CHECK(jobs[2].publish_steps[0].via.size() == 12);
}

TEST_CASE("a command held in a variable is read where it is run") {
  auto a = analyse({{".github/workflows/release.yml",
                     "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n"
                     "      - run: |\n          if [ \"$DRY\" = 1 ]; then\n"
                     "            echo \"CMD=lerna publish from-package --dry-run\" >> "
                     "$GITHUB_ENV\n          else\n"
                     "            echo \"CMD=lerna publish from-package --yes\" >> $GITHUB_ENV\n"
                     "          fi\n      - run: npx ${{ env.CMD }}\n"},
                    {"package.json", R"({"name": "w"})"}});
  const auto& job = only_job(a);
  CHECK(job.publishes_npm == core::Publishes::yes);
  REQUIRE(job.publish_steps.size() == 1);
  CHECK(job.publish_steps[0].tool.find("lerna publish") == 0);
}

TEST_CASE("a script that is a link, or under a linked folder, is never read") {
  test::TempDir outside;
  outside.write("publish.sh", "npm publish\n");
  test::TempDir repo;
  repo.write(".github/workflows/release.yml",
             "on: push\njobs:\n  npm-release:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - run: bash scripts/release.sh\n      - run: bash tools/publish.sh\n");
  repo.write("package.json", R"({"name": "widgets"})");
  std::filesystem::create_directories(repo.path() / "scripts");
  std::filesystem::create_symlink(outside.path() / "publish.sh",
                                  repo.path() / "scripts" / "release.sh");
  std::filesystem::create_directory_symlink(outside.path(), repo.path() / "tools");
  scan::DiskRepoView view(
      repo.str(),
      {".github/workflows/release.yml", "package.json", "scripts/release.sh", "tools/publish.sh"},
      std::nullopt);
  CHECK_FALSE(view.read("scripts/release.sh"));
  CHECK_FALSE(view.read("tools/publish.sh"));
  CHECK(view.read("package.json"));
  auto a = analyze_repository(view, test::builtin_rules());
  const auto& job = only_job(a);
  CHECK(job.publishes_npm == core::Publishes::unknown);
  CHECK(mentions(job.unresolved, "scripts/release.sh is not in the checkout (or is a link"));
}
