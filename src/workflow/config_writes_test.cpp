#include "workflow/config_writes.hpp"

#include "tests/support/catch.hpp"

using namespace nts::workflow;

namespace {

// "key=value@file" for each registry setting the script's commands write
// ("user" for the user config).
std::vector<std::string> settings(const std::string& script) {
  std::vector<std::string> out;
  auto commands = shell::split(script);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    for (const auto& write : registry_writes(commands, i)) {
      out.push_back(write.key + "=" + write.value + "@" + (write.project ? write.path : "user"));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("config writes: registry settings written while a job runs") {
  CHECK(settings("echo \"@acme:registry=https://npm.pkg.github.com\" >> .npmrc") ==
        std::vector<std::string>{"@acme:registry=https://npm.pkg.github.com@.npmrc"});
  CHECK(settings("echo 'registry=https://r.example/' > ~/.npmrc") ==
        std::vector<std::string>{"registry=https://r.example/@user"});
  CHECK(settings("printf 'registry=https://a.example/\\n@x:registry=https://b.example/\\n' "
                 "> packages/x/.npmrc") ==
        std::vector<std::string>{"registry=https://a.example/@packages/x/.npmrc",
                                 "@x:registry=https://b.example/@packages/x/.npmrc"});
  CHECK(settings("echo registry=https://c.example/ | tee -a \"$NPM_CONFIG_USERCONFIG\"") ==
        std::vector<std::string>{"registry=https://c.example/@user"});
  CHECK(settings("cat <<EOF > .npmrc\n@y:registry=https://d.example/\nEOF\n") ==
        std::vector<std::string>{"@y:registry=https://d.example/@.npmrc"});
  CHECK(settings("npm config set registry https://e.example/") ==
        std::vector<std::string>{"registry=https://e.example/@user"});
  CHECK(settings("npm set @z:registry=https://f.example/ --location project") ==
        std::vector<std::string>{"@z:registry=https://f.example/@.npmrc"});
  CHECK(
      settings("yarn config set npmScopes.acme.npmPublishRegistry https://i.example") ==
      std::vector<std::string>{"npmScopes.acme.npmPublishRegistry=https://i.example@.yarnrc.yml"});
  CHECK(settings("yarn config set npmAuthToken \"$TOKEN\"").empty());
  // Not registry settings: credentials, other keys, other files, reads.
  CHECK(settings("echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" >> .npmrc").empty());
  CHECK(settings("npm config set always-auth true").empty());
  CHECK(settings("echo registry=https://g.example/ > notes.txt").empty());
  CHECK(settings("npm config get registry").empty());
  // Keys are npm's and Yarn's own spellings: repository text that is not a
  // scope name is never taken for one.
  CHECK(settings("npm config set '@a$(id):registry' https://j.example/").empty());
  CHECK(settings("yarn config set 'npmScopes.a b.npmPublishRegistry' https://k.example").empty());
  // A scope the job fills in from a variable is kept as written.
  CHECK(settings("echo \"@${CI_PROJECT_ROOT_NAMESPACE}:registry=${CI_API_V4_URL}/x/\" > .npmrc") ==
        std::vector<std::string>{
            "@${CI_PROJECT_ROOT_NAMESPACE}:registry=${CI_API_V4_URL}/x/@.npmrc"});
  CHECK(settings("npm config set @$SCOPE:registry https://l.example/") ==
        std::vector<std::string>{"@$SCOPE:registry=https://l.example/@user"});
  CHECK(settings("npm config set '@${a b}:registry' https://m.example/").empty());
  CHECK(settings("echo 'npmRegistryServer: https://h.example' > .yarnrc.yml").empty());
}
