// Writes the example repository that `make run` scans: a release workflow that
// publishes with a long-lived token, an .npmrc that references ${NPM_TOKEN},
// and a package whose .npmrc holds a fake token generated here (valid checksum,
// never committed anywhere). The result is a real git repository with one commit.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "detect/npm_token.hpp"
#include "git/handle.hpp"

namespace {

namespace fs = std::filesystem;

void write(const fs::path& root, const std::string& relative, const std::string& content) {
  fs::path path = root / relative;
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

const char* k_release_workflow = R"(name: release
on:
  push:
    tags: ["v*"]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci && npm test
  publish:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm ci
      - run: npm publish --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
)";

int fail(const std::string& what) {
  const git_error* error = git_error_last();
  std::cerr << "make-example: " << what << ": "
            << (error != nullptr ? error->message : "unknown error") << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make-example DIR\n";
    return 2;
  }
  fs::path root = argv[1];
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(root);

  write(root, "package.json",
        "{\n  \"name\": \"@acme/widgets\",\n  \"version\": \"1.4.0\",\n"
        "  \"repository\": {\"type\": \"git\", \"url\": "
        "\"git+https://github.com/acme/widgets.git\"}\n}\n");
  write(root, ".github/workflows/release.yml", k_release_workflow);
  write(root, ".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
  write(root, "packages/legacy-cli/package.json",
        "{\n  \"name\": \"@acme/legacy-cli\",\n  \"version\": \"0.9.1\"\n}\n");
  write(root, "packages/legacy-cli/.npmrc",
        "# added by a release script in 2024\n//registry.npmjs.org/:_authToken=" +
            nts::detect::make_npm_token(20251209) + "\n");
  write(root, "README.md", "# widgets\n\nAn example repository for npm-token-scan.\n");

  nts::git::ensure_initialised();
  git_repository* repo = nullptr;
  if (git_repository_init(&repo, root.c_str(), 0) != 0) {
    return fail("cannot create the repository");
  }
  nts::git::RepositoryPtr repository(repo);
  git_remote* remote = nullptr;
  if (git_remote_create(&remote, repo, "origin", "https://github.com/acme/widgets.git") != 0) {
    return fail("cannot add the remote");
  }
  git_remote_free(remote);
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo) != 0) {
    return fail("cannot open the index");
  }
  nts::git::IndexPtr index(raw_index);
  git_strarray everything{};
  char star[] = "*";
  char* specs[] = {star};
  everything.strings = specs;
  everything.count = 1;
  git_oid tree_id, commit_id;
  git_tree* tree = nullptr;
  git_signature* author = nullptr;
  if (git_index_add_all(index.get(), &everything, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr) != 0 ||
      git_index_write(index.get()) != 0 || git_index_write_tree(&tree_id, index.get()) != 0 ||
      git_tree_lookup(&tree, repo, &tree_id) != 0 ||
      git_signature_new(&author, "Example Author", "author@example.com", 1764547200, 0) != 0) {
    return fail("cannot build the first commit");
  }
  nts::git::TreePtr tree_ptr(tree);
  int rc = git_commit_create_v(&commit_id, repo, "HEAD", author, author, nullptr, "Release setup",
                               tree, 0);
  git_signature_free(author);
  if (rc != 0) {
    return fail("cannot commit");
  }
  std::ofstream(root / ".git" / "info" / "exclude", std::ios::app) << ".created\n";
  std::ofstream(root / ".created") << "";
  return 0;
}
