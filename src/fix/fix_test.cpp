// fix on unusual but valid YAML: a correct edit or "not fixed automatically"
// with a reason, never a broken file; formatting kept byte for byte.

#include "fix/plan.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "workflow/model.hpp"

using namespace nts;

namespace {

fix::FixPlan plan_for(const std::string& workflow, const std::string& path = "release.yml") {
  core::MemoryRepoView repo;
  repo.add(".github/workflows/" + path, workflow);
  repo.add("package.json",
           R"({"name": "widgets", "version": "1.0.0", "repository": "github:acme/widgets"})");
  repo.add(".nvmrc", "20\n");
  repo.set_remote_url("https://github.com/acme/widgets.git");
  return fix::plan_fix(repo, test::builtin_rules(), {});
}

const fix::JobOutcome& only_job(const fix::FixPlan& plan) {
  REQUIRE(plan.jobs.size() == 1);
  return plan.jobs.front();
}

const std::string k_head = "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n";

}  // namespace

TEST_CASE("fix keeps comments, quoting and CRLF, and edits only what it must") {
  std::string crlf =
      "# release\r\non: push\r\npermissions:\r\n  contents: write  # tags\r\njobs:\r\n"
      "  publish:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n"
      "      - uses: actions/setup-node@v4\r\n        with:\r\n          node-version: '18'\r\n"
      "      - run: npm publish\r\n        env:\r\n"
      "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\r\n";
  auto plan = plan_for(crlf);
  REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
  REQUIRE(plan.files.size() == 1);
  CHECK(plan.files[0].after ==
        "# release\r\non: push\r\npermissions:\r\n  contents: write  # tags\r\njobs:\r\n"
        "  publish:\r\n    permissions:\r\n      contents: write\r\n      id-token: write\r\n"
        "    runs-on: ubuntu-latest\r\n    steps:\r\n"
        "      - uses: actions/setup-node@v4\r\n        with:\r\n          node-version: '24'\r\n"
        "      - run: npm publish\r\n");
}

TEST_CASE("fix adds id-token to a flow mapping and inserts an npm upgrade when Node stays") {
  auto plan = plan_for(k_head +
                       "    permissions: { contents: read }\n    steps:\n"
                       "      - uses: actions/setup-node@v4\n        with: {node-version: 22}\n"
                       "      - run: npm publish\n        env:\n"
                       "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"
                       "          OTHER: kept\n");
  REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
  CHECK(plan.files[0].after ==
        k_head +
            "    permissions: { contents: read, id-token: write }\n    steps:\n"
            "      - uses: actions/setup-node@v4\n        with: {node-version: 22}\n"
            "      - run: npm install -g npm@^11.5.1\n"
            "      - run: npm publish\n        env:\n          OTHER: kept\n");
}

TEST_CASE("fix bumps the Node version file setup-node reads") {
  core::MemoryRepoView repo;
  repo.add(".github/workflows/release.yml",
           k_head +
               "    permissions:\n      id-token: write\n    steps:\n"
               "      - uses: actions/setup-node@v4\n        with:\n"
               "          node-version-file: .nvmrc\n"
               "      - run: npm publish\n        env:\n"
               "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n");
  repo.add(".nvmrc", "v20.11.0\n");
  repo.add("package.json", R"({"name": "w", "repository": "github:acme/widgets"})");
  repo.set_remote_url("https://github.com/acme/widgets.git");
  auto plan = fix::plan_fix(repo, test::builtin_rules(), {});
  REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
  REQUIRE(plan.files.size() == 2);
  CHECK(plan.files[0].path == ".github/workflows/release.yml");
  CHECK(plan.files[1].path == ".nvmrc");
  CHECK(plan.files[1].after == "24\n");
}

TEST_CASE("fix leaves unusual YAML it cannot edit safely, saying why") {
  struct Case {
    const char* name;
    std::string text;
    const char* reason;
  };
  const std::string steps =
      "    steps:\n      - uses: actions/setup-node@v4\n        with:\n"
      "          node-version: 24\n      - run: npm publish\n";
  std::vector<Case> cases = {
      {"flow job",
       "on: push\njobs:\n  publish: {runs-on: ubuntu-latest, steps: [{run: npm publish, env: "
       "{NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}'}}]}\n",
       ""},
      {"anchor merged into the job",
       "on: push\nx-env: &env\n  NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\njobs:\n  publish:\n"
       "    <<: {runs-on: ubuntu-latest}\n    env: *env\n" +
           steps,
       "anchors"},
      {"several documents", k_head + steps + "        env:\n          NPM_TOKEN: x\n---\na: 1\n",
       ""},
      {"flow env", k_head + steps + "        env: {NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}'}\n",
       "flow mapping"},
      {"matrix node",
       k_head + "    strategy:\n      matrix:\n        node: [18, 20]\n    steps:\n"
                "      - uses: actions/setup-node@v4\n        with:\n"
                "          node-version: ${{ matrix.node }}\n      - run: npm publish\n"
                "        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
       "expression"},
      {"token read elsewhere",
       k_head + steps +
           "        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n"
           "      - run: curl -H \"Authorization: $NPM_TOKEN\" https://example.com\n"
           "        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
       ""},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto plan = plan_for(c.text);
    for (const auto& job : plan.jobs) {
      if (job.status == fix::JobOutcome::Status::fixed) {
        // A correct edit is allowed too: then it parses and verified.
        for (const auto& file : plan.files) {
          CHECK(static_cast<bool>(workflow::parse_workflow(file.path, file.after)));
        }
        continue;
      }
      if (job.status == fix::JobOutcome::Status::not_fixed) {
        CHECK_FALSE(job.reason.empty());
        CHECK(job.reason.find(c.reason) != std::string::npos);
      }
    }
  }
}

TEST_CASE("fix keeps tabs inside scalars and the job's other lines") {
  std::string text = k_head +
                     "    steps:\n      - uses: actions/setup-node@v4\n        with:\n"
                     "          node-version: 24\n      - run: \"echo a\\tb\tc\"\n"
                     "      - run: npm publish\n        env:\n"
                     "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
  auto plan = plan_for(text);
  REQUIRE(only_job(plan).status == fix::JobOutcome::Status::fixed);
  CHECK(plan.files[0].after.find("      - run: \"echo a\\tb\tc\"\n") != std::string::npos);
}

TEST_CASE("fix --job selects jobs by workflow file and job id") {
  core::MemoryRepoView repo;
  std::string job = k_head +
                    "    steps:\n      - uses: actions/setup-node@v4\n        with:\n"
                    "          node-version: 24\n      - run: npm publish\n        env:\n"
                    "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
  repo.add(".github/workflows/a.yml", job);
  repo.add(".github/workflows/b.yml", job);
  repo.add("package.json", R"({"name": "w", "repository": "github:acme/widgets"})");
  fix::FixOptions options;
  options.jobs = {"b.yml:publish"};
  auto plan = fix::plan_fix(repo, test::builtin_rules(), options);
  REQUIRE(plan.jobs.size() == 2);
  CHECK(plan.jobs[0].status == fix::JobOutcome::Status::not_selected);
  CHECK(plan.jobs[1].status == fix::JobOutcome::Status::fixed);
  REQUIRE(plan.files.size() == 1);
  CHECK(plan.files[0].path == ".github/workflows/b.yml");
}

TEST_CASE("fix leaves a token written by a script the workflow runs, and the run line") {
  core::MemoryRepoView repo;
  repo.add(".github/workflows/release.yml",
           k_head +
               "    permissions:\n      id-token: write\n    steps:\n"
               "      - uses: actions/setup-node@v4\n        with:\n          node-version: 24\n"
               "      - run: |\n          bash scripts/publish.sh\n        env:\n"
               "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n");
  repo.add("scripts/publish.sh",
           "#!/bin/sh\nnpm config set //registry.npmjs.org/:_authToken \"$NPM_TOKEN\"\n"
           "npm publish\n");
  repo.add("package.json", R"({"name": "w", "repository": "github:acme/widgets"})");
  repo.set_remote_url("https://github.com/acme/widgets.git");
  auto plan = fix::plan_fix(repo, test::builtin_rules(), {});
  REQUIRE(plan.jobs.size() == 1);
  CHECK(plan.jobs[0].status == fix::JobOutcome::Status::not_fixed);
  CHECK(plan.jobs[0].reason.find("remove it there") != std::string::npos);
  CHECK(plan.files.empty());
}
