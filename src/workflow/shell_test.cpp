#include "workflow/shell.hpp"

#include "tests/support/catch.hpp"
#include "workflow/commands.hpp"

using namespace nts::workflow;

namespace {

// Each simple command's effective argv, joined with spaces, commands with " | ".
std::string argvs(const std::string& script) {
  std::string out;
  for (const auto& command : shell::split(script)) {
    auto argv = shell::effective(command);
    if (argv.empty()) {
      continue;
    }
    if (!out.empty()) {
      out += " | ";
    }
    for (std::size_t i = 0; i < argv.size(); ++i) {
      out += (i ? " " : "") + argv[i].text;
    }
  }
  return out;
}

std::string tool(const std::string& script) {
  const auto* k = knowledge();
  REQUIRE(k);
  for (const auto& command : shell::split(shell::mask_expressions(script))) {
    auto argv = shell::effective(command);
    auto m = match_command(argv, *k);
    if (m.kind == CommandMatch::Kind::publish) {
      return m.dry_run ? "dry-run" : m.pattern->tool;
    }
    if (m.kind == CommandMatch::Kind::precheck) {
      return "precheck";
    }
    if (m.kind == CommandMatch::Kind::npm_upgrade) {
      return "upgrade";
    }
    if (m.kind == CommandMatch::Kind::script) {
      return "script " + m.script;
    }
  }
  return "";
}

}  // namespace

TEST_CASE("splitter: control operators separate commands") {
  struct Case {
    const char* script;
    const char* expected;
  };
  const Case cases[] = {
      {"npm publish", "npm publish"},
      {"npm ci && npm publish", "npm ci | npm publish"},
      {"npm ci; npm publish", "npm ci | npm publish"},
      {"npm test || exit 1", "npm test | exit 1"},
      {"cat x | npm publish", "cat x | npm publish"},
      {"npm ci &\nnpm publish", "npm ci | npm publish"},
      {"npm ci\nnpm publish\n", "npm ci | npm publish"},
      {"npm publish \\\n  --access public", "npm publish --access public"},
      {"npm publish\\\n --tag next", "npm publish --tag next"},
      {"# npm publish\nnpm ci", "npm ci"},
      {"npm ci # then npm publish", "npm ci"},
      {"echo '#not a comment'", "echo #not a comment"},
      {"echo \"a && b\"", "echo a && b"},
      {"echo 'a; b'", "echo a; b"},
      {"echo a\\ b", "echo a b"},
      {"echo \"x\\\"y\"", "echo x\"y"},
      {"(cd pkg && npm publish)", "cd pkg | npm publish"},
      {"{ npm ci; npm publish; }", "npm ci | npm publish"},
      {"if [ -n \"$TAG\" ]; then npm publish; fi", "[ -n $TAG ] | npm publish"},
      {"while true; do npm publish; done", "true | npm publish"},
      {"! npm publish", "npm publish"},
      {"time npm publish", "npm publish"},
      {"", ""},
      {"   \n\t\n", ""},
  };
  for (const auto& c : cases) {
    INFO(c.script);
    CHECK(argvs(c.script) == c.expected);
  }
}

TEST_CASE("splitter: wrappers and assignments are dropped from the effective argv") {
  struct Case {
    const char* script;
    const char* expected;
  };
  const Case cases[] = {
      {"sudo npm publish", "npm publish"},
      {"sudo -E npm publish", "npm publish"},
      {"sudo -u ci npm publish", "npm publish"},
      {"env NODE_AUTH_TOKEN=x npm publish", "npm publish"},
      {"env -i PATH=/bin npm publish", "npm publish"},
      {"NPM_CONFIG_PROVENANCE=true npm publish", "npm publish"},
      {"A=1 B=2 npm publish", "npm publish"},
      {"command npm publish", "npm publish"},
      {"exec npm publish", "npm publish"},
      {"nohup npm publish", "npm publish"},
      {"sudo env X=1 npm publish", "npm publish"},
      {"timeout 300 npm publish", "npm publish"},
      {"timeout -k 10 5m npm publish", "npm publish"},
      {"nice -n 5 npm publish", "npm publish"},
      {"stdbuf -oL npm publish", "npm publish"},
      {"xvfb-run -a npm publish", "npm publish"},
      {"docker run --rm -e NODE_AUTH_TOKEN -v /w:/w -w /w node:22 npm publish", "npm publish"},
      {"docker container run -it node:22 bash -c 'npm publish'", "bash -c npm publish"},
      {"podman run --env-file .env node npm publish", "npm publish"},
      {"docker build -t x .", "docker build -t x ."},
  };
  for (const auto& c : cases) {
    INFO(c.script);
    CHECK(argvs(c.script) == c.expected);
  }
  std::vector<std::string> assignments;
  auto commands = shell::split("NODE_AUTH_TOKEN=$T npm publish");
  REQUIRE(commands.size() == 1);
  shell::effective(commands[0], &assignments);
  REQUIRE(assignments.size() == 1);
  CHECK(assignments[0] == "NODE_AUTH_TOKEN=$T");
}

TEST_CASE("splitter: offsets point at the raw words") {
  std::string script = "npm ci && \\\n  sudo npm publish --tag \"next\"";
  auto commands = shell::split(script);
  REQUIRE(commands.size() == 2);
  auto argv = shell::effective(commands[1]);
  REQUIRE(argv.size() == 4);
  CHECK(script.substr(argv[0].begin, argv[0].end - argv[0].begin) == "npm");
  CHECK(script.substr(argv[3].begin, argv[3].end - argv[3].begin) == "\"next\"");
  CHECK(argv[3].quoted);
  CHECK(commands[1].end == script.size());
}

TEST_CASE("splitter: redirections, here-documents, substitutions") {
  auto commands =
      shell::split("echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" >> ~/.npmrc");
  REQUIRE(commands.size() == 1);
  REQUIRE(commands[0].redirects.size() == 1);
  CHECK(commands[0].redirects[0].op == ">>");
  CHECK(commands[0].redirects[0].target.text == "~/.npmrc");
  CHECK(commands[0].words.size() == 2);

  commands = shell::split("npm test 2>&1 > log.txt");
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].words.size() == 2);
  REQUIRE(commands[0].redirects.size() == 2);
  CHECK(commands[0].redirects[0].op == "2>&");
  CHECK(commands[0].redirects[1].target.text == "log.txt");

  std::string heredoc =
      "cat <<EOF > .npmrc\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nEOF\nnpm publish\n";
  commands = shell::split(heredoc);
  REQUIRE(commands.size() == 2);
  CHECK(commands[0].heredoc == "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
  CHECK(heredoc.substr(commands[0].heredoc_begin, 2) == "//");
  CHECK(argvs(heredoc) == "cat | npm publish");

  commands = shell::split("cat <<-'END'\n\tnpm publish\n\tEND\n");
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].heredoc == "\tnpm publish\n");

  CHECK(argvs("VERSION=$(npm publish --json)") == "npm publish --json");
  CHECK(argvs("echo `npm whoami`") == "echo `npm whoami` | npm whoami");
  CHECK(argvs("echo \"${{ secrets.X }}\"") == "echo ${{ secrets.X }}");
  CHECK(argvs(shell::mask_expressions("A=${{ secrets.X }} npm publish")) == "npm publish");
}

TEST_CASE("splitter: unbalanced input and deep nesting do not break it") {
  CHECK(argvs("echo 'unterminated && npm publish") == "echo unterminated && npm publish");
  CHECK(argvs("echo \"unterminated") == "echo unterminated");
  std::string nested;
  for (int i = 0; i < 200; ++i) {
    nested += "$(";
  }
  nested += "npm publish";
  CHECK_NOTHROW(shell::split(nested));
  CHECK(shell::variables("a $X ${Y} ${Z:-d} $1 $$") == std::vector<std::string>{"X", "Y", "Z"});
  CHECK(shell::mask_expressions("a ${{ secrets.X }} b") == "a ${{\x1fsecrets.X\x1f}} b");
}

TEST_CASE("commands: publishing tools, launchers, dry runs") {
  struct Case {
    const char* script;
    const char* expected;
  };
  const Case cases[] = {
      {"npm publish", "npm publish"},
      {"npm publish ./dist/pkg.tgz --access public", "npm publish"},
      {"npm pub", "npm publish"},
      {"npm --workspace packages/a publish", "npm publish"},
      {"npm publish --dry-run", "dry-run"},
      {"npm publish --dry-run=false", "npm publish"},
      {"npm stage publish", "npm stage publish"},
      {"npx npm@11 publish", "npm publish"},
      {"npx -y npm@^11.5.1 publish --provenance", "npm publish"},
      {"bunx npm publish", "npm publish"},
      {"corepack npm publish", "npm publish"},
      {"pnpm publish --no-git-checks", "pnpm publish"},
      {"pnpm -r publish --access public", "pnpm publish"},
      {"pnpm --filter @acme/ui publish", "pnpm publish"},
      {"pnpm -r exec npm publish", "npm publish"},
      {"yarn npm publish --access public", "yarn npm publish"},
      {"yarn workspaces foreach -A --no-private npm publish", "yarn npm publish"},
      {"yarn publish --non-interactive", "yarn publish"},
      {"bun publish", "bun publish"},
      {"lerna publish from-git --yes", "lerna publish"},
      {"npx lerna publish from-package", "lerna publish"},
      {"changeset publish", "changeset publish"},
      {"pnpm changeset publish", "pnpm changeset publish"},
      {"npx semantic-release", "semantic-release"},
      {"npx semantic-release --dry-run", "dry-run"},
      {"npm exec semantic-release", "semantic-release"},
      {"./node_modules/.bin/semantic-release", "semantic-release"},
      {"npx release-it --ci", "release-it"},
      {"np --yolo", "np"},
      {"np --no-publish", "dry-run"},
      {"npx lerna publish --skip-npm", "dry-run"},
      {"npx lerna publish from-package --yes", "lerna publish"},
      {"npx nx release --yes", "nx release"},
      {"nx release publish", "nx release"},
      {"npm whoami", "precheck"},
      {"npm install -g npm@latest", "upgrade"},
      {"sudo npm i --global npm@11", "upgrade"},
      {"npm install npm@11", ""},
      {"npm run release", "script release"},
      {"yarn release", "script release"},
      {"pnpm run ci:publish", "script ci:publish"},
      {"npm ci && npm test", ""},
      {"echo npm publish", ""},
      {"docker push acme/widgets", ""},
  };
  for (const auto& c : cases) {
    INFO(c.script);
    CHECK(tool(c.script) == c.expected);
  }
}
