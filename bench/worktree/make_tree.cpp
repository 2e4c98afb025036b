// Writes the synthetic source tree the work-tree benchmark scans: `files`
// JavaScript-like files of about `kib` KiB each in nested folders, with npm
// tokens (valid checksums, generated here), placeholders and .npmrc files
// planted at fixed places. Deterministic: the same arguments give the same tree.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "detect/npm_token.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: make-bench-tree DIR FILES KIB\n";
    return 2;
  }
  namespace fs = std::filesystem;
  fs::path root = argv[1];
  int files = std::stoi(argv[2]);
  std::size_t kib = std::stoul(argv[3]);
  const std::string lines[] = {
      "export function handler(event, context) { return process(event.body, context.config); }\n",
      "const registry = options.registry || 'https://registry.npmjs.org/'; // default registry\n",
      "  if (!pkg.publishConfig) { throw new Error(`missing publishConfig in ${pkg.name}`); }\n",
      "import { createHash } from 'node:crypto'; import path from 'node:path'; import fs from "
      "'fs';\n",
      "    const npm_config_cache = process.env.npm_config_cache ?? path.join(home, '.npm');\n",
      "// TODO: move the retry policy into the shared client and remove this copy of it\n",
      "module.exports = { mode: 'production', entry: './src/index.ts', devtool: 'source-map' };\n",
  };
  std::size_t planted = 0;
  for (int i = 0; i < files; ++i) {
    fs::path dir = root / ("pkg" + std::to_string(i % 40)) / ("src" + std::to_string(i % 7));
    fs::create_directories(dir);
    std::ofstream out(dir / ("module" + std::to_string(i) + ".js"), std::ios::binary);
    std::size_t written = 0;
    std::size_t line = 0;
    while (written < kib * 1024) {
      const std::string& text = lines[(line * 7 + static_cast<std::size_t>(i)) % 7];
      out << text;
      written += text.size();
      ++line;
      if (i % 50 == 0 && line == 400) {
        std::string token = nts::detect::make_npm_token(static_cast<std::uint64_t>(i));
        out << "const NPM_TOKEN = '" << token << "';\n";
        written += token.size() + 22;
        ++planted;
      }
      if (i % 50 == 25 && line == 200) {
        out << "// example: "
            << nts::detect::make_npm_token_bad_checksum(static_cast<std::uint64_t>(i)) << "\n";
      }
    }
    if (i % 100 == 0) {
      std::ofstream(dir / ".npmrc") << "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n";
    }
  }
  std::cout << "wrote " << files << " files, " << planted << " tokens planted, in " << root.string()
            << '\n';
  return 0;
}
