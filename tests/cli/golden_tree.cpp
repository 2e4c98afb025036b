#include "tests/cli/golden_tree.hpp"

#include "detect/npm_token.hpp"

namespace nts::test {

std::filesystem::path cli_golden(const std::string& name) {
  return std::filesystem::path(NTS_SOURCE_DIR) / "tests" / "cli" / "golden" / name;
}

void plant_golden_tree(const TempDir& dir) {
  dir.write(".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
  dir.write("packages/cli/.npmrc",
            "//registry.npmjs.org/:_authToken=" + detect::make_npm_token(101) + "\n");
  dir.write("docs/publishing.md", "Set `NPM_TOKEN` to something like " +
                                      detect::make_npm_token_bad_checksum(102) +
                                      " (not a real token).\n");
  dir.write("src/index.js", "module.exports = () => 42;\n");
}

}  // namespace nts::test
