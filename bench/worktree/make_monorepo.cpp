// Writes a tree shaped like a JavaScript monorepo for the many-small-files
// work-tree benchmark (bench/worktree/monorepo.sh): PACKAGES workspace
// packages, each with a package.json, docs, sources, tests and fixtures whose
// sizes follow a skewed distribution (median about 1 KiB, a few files of tens
// of KiB), a root lockfile, 12 workflows (three publish with a token), an
// ignored node_modules/ and build output, and npm tokens (valid checksums,
// generated here) planted in a few files. Deterministic: the same arguments
// give the same tree.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "detect/npm_token.hpp"

namespace {

namespace fs = std::filesystem;

struct Generator {
  fs::path root;
  std::uint64_t state = 0x2545f4914f6cdd1dULL;
  std::size_t files = 0;
  std::size_t bytes = 0;
  std::size_t planted = 0;

  std::uint64_t next() {  // xorshift64*: no <random> differences between library versions
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dULL;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

  // Sizes of real monorepo sources: most files are a few hundred bytes to a
  // few KiB, the median about 1 KiB, and one in a hundred is large.
  std::size_t file_size() {
    std::size_t bucket = below(100);
    if (bucket < 30)
      return 150 + below(550);
    if (bucket < 70)
      return 700 + below(900);
    if (bucket < 90)
      return 1600 + below(2500);
    if (bucket < 99)
      return 4100 + below(12000);
    return 16000 + below(80000);
  }

  void write(const fs::path& relative, const std::string& text) {
    fs::path full = root / relative;
    fs::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << text;
    ++files;
    bytes += text.size();
  }

  std::string code(std::size_t size, const std::string& name) {
    const std::string lines[] = {
        "export function handler(event, context) { return process(event.body, context.config); }\n",
        "const registry = options.registry || 'https://registry.npmjs.org/';\n",
        "  if (!pkg.publishConfig) { throw new Error(`missing publishConfig in ${pkg.name}`); }\n",
        "import { createHash } from 'node:crypto';\n",
        "    const cache = process.env.npm_config_cache ?? path.join(home, '.npm');\n",
        "// TODO: move the retry policy into the shared client\n",
        "  return items.filter((item) => item.enabled).map((item) => item.id);\n",
        "}\n",
        "describe('" + name + "', () => { it('works', () => expect(run()).toBe(true)); });\n",
    };
    std::string text = "// " + name + "\n";
    while (text.size() < size) {
      text += lines[below(std::size(lines))];
    }
    return text;
  }

  std::string markdown(std::size_t size, const std::string& name) {
    std::string text = "# " + name + "\n\n";
    while (text.size() < size) {
      text += below(4) == 0 ? "```sh\nnpm install " + name + "\n```\n"
                            : "This package is part of the monorepo; see the root README for "
                              "how to build, test and release it.\n";
    }
    return text;
  }

  std::string package_json(std::size_t i, std::size_t packages) {
    std::string name = "@acme/pkg" + std::to_string(i);
    return "{\n  \"name\": \"" + name + "\",\n  \"version\": \"1." + std::to_string(i % 9) +
           ".0\",\n  \"main\": \"dist/index.js\",\n  \"types\": \"dist/index.d.ts\",\n" +
           "  \"scripts\": {\n    \"build\": \"tsc -b\",\n    \"test\": \"vitest run\",\n" +
           "    \"lint\": \"eslint src\",\n    \"prepublishOnly\": \"npm run build\"\n  },\n" +
           "  \"dependencies\": {\n    \"@acme/pkg" + std::to_string((i + 1) % packages) +
           "\": \"workspace:^\",\n    \"lodash\": \"^4.17.21\"\n  },\n" +
           "  \"devDependencies\": {\n    \"typescript\": \"^5.6.0\",\n    \"vitest\": "
           "\"^2.1.0\"\n" +
           "  },\n  \"publishConfig\": {\n    \"access\": \"public\"\n  }\n}\n";
  }

  std::string workflow(std::size_t w) {
    std::string text = "name: workflow " + std::to_string(w) +
                       "\non:\n  push:\n    branches: [main]\n  pull_request:\npermissions:\n"
                       "  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                       "      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n"
                       "        with:\n          node-version: 22\n"
                       "          registry-url: https://registry.npmjs.org\n"
                       "      - run: npm ci\n      - run: npm test\n";
    if (w % 4 == 0) {
      text +=
          "  publish:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n"
          "      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n"
          "        with:\n          registry-url: https://registry.npmjs.org\n"
          "      - run: npm publish --workspaces\n        env:\n"
          "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
    }
    return text;
  }

  std::string planted_token(const std::string& text) {
    ++planted;
    std::string token = nts::detect::make_npm_token(planted);
    std::size_t cut = text.find('\n', text.size() / 2);
    cut = cut == std::string::npos ? text.size() : cut + 1;
    return text.substr(0, cut) + "const NPM_TOKEN = '" + token + "';\n" + text.substr(cut);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make-bench-monorepo DIR PACKAGES\n";
    return 2;
  }
  Generator gen;
  gen.root = argv[1];
  std::size_t packages = std::stoul(argv[2]);
  gen.write("package.json",
            "{\n  \"name\": \"acme\",\n  \"private\": true,\n  \"workspaces\": [\"packages/*\"],\n"
            "  \"scripts\": {\n    \"build\": \"turbo run build\",\n"
            "    \"release\": \"changeset publish\"\n  }\n}\n");
  gen.write(".gitignore", "node_modules/\ndist/\ncoverage/\n*.log\n");
  gen.write("README.md", gen.markdown(4000, "acme"));
  std::string lock = "lockfileVersion: '9.0'\n\npackages:\n";
  for (std::size_t i = 0; lock.size() < 2'000'000; ++i) {
    lock += "\n  dep" + std::to_string(i) + "@1.0." + std::to_string(i % 17) +
            ":\n    resolution: {integrity: sha512-" + std::string(86, 'A' + i % 26) + "==}\n";
  }
  gen.write("pnpm-lock.yaml", lock);
  for (std::size_t w = 0; w < 12; ++w) {
    gen.write(".github/workflows/ci" + std::to_string(w) + ".yml", gen.workflow(w));
  }
  for (std::size_t i = 0; i < packages; ++i) {
    fs::path pkg = fs::path("packages") / ("pkg" + std::to_string(i));
    std::string name = "pkg" + std::to_string(i);
    gen.write(pkg / "package.json", gen.package_json(i, packages));
    gen.write(pkg / "README.md", gen.markdown(gen.file_size(), name));
    gen.write(pkg / "CHANGELOG.md", gen.markdown(gen.file_size(), name + " changes"));
    gen.write(pkg / "tsconfig.json",
              "{\n  \"extends\": \"../../tsconfig.base.json\",\n  \"include\": [\"src\"]\n}\n");
    if (i % 40 == 0) {
      gen.write(pkg / ".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
    }
    std::size_t sources = 30 + gen.below(30);
    for (std::size_t f = 0; f < sources; ++f) {
      fs::path dir = pkg / "src" / (f % 3 == 0 ? "lib" : f % 3 == 1 ? "utils" : "components");
      std::string file = "module" + std::to_string(f) + (f % 2 == 0 ? ".ts" : ".js");
      std::string text = gen.code(gen.file_size(), name + "/" + file);
      if ((i * 64 + f) % 1500 == 7) {
        text = gen.planted_token(text);
      }
      gen.write(dir / file, text);
    }
    std::size_t tests = 10 + gen.below(20);
    for (std::size_t f = 0; f < tests; ++f) {
      gen.write(pkg / "test" / ("module" + std::to_string(f) + ".test.ts"),
                gen.code(gen.file_size(), name + " test " + std::to_string(f)));
    }
    for (std::size_t f = 0; f < 8; ++f) {
      gen.write(pkg / "test" / "fixtures" / ("case" + std::to_string(f) + ".json"),
                "{ \"input\": \"" + std::string(gen.file_size() / 2, 'x') + "\" }\n");
    }
    if (i % 4 == 0) {  // ignored: build output and installed dependencies
      gen.write(pkg / "dist" / "index.js", gen.code(20000, name + " bundle"));
      for (std::size_t f = 0; f < 10; ++f) {
        gen.write(pkg / "node_modules" / ("dep" + std::to_string(f)) / "index.js",
                  gen.code(gen.file_size(), "dep"));
      }
    }
  }
  std::cout << "wrote " << gen.files << " files (" << gen.bytes / 1024 << " KiB), " << gen.planted
            << " tokens planted, in " << gen.root.string() << '\n';
  return 0;
}
