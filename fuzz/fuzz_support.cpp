#include "fuzz/fuzz_support.hpp"

#include <cstdlib>
#include <iostream>

#include "detect/detector.hpp"
#include "parse/file_kind.hpp"
#include "rules/builtin_rules.hpp"

namespace nts::fuzz {

const rules::RuleSet& builtin_rules() {
  static const rules::RuleSet set = [] {
    auto compiled = rules::RuleSet::compile(rules::builtin_rules());
    if (!compiled) {
      std::cerr << compiled.error().describe() << '\n';
      std::abort();
    }
    return std::move(*compiled);
  }();
  return set;
}

namespace {

const detect::Detector& detector() {
  static const detect::Detector instance = std::move(*detect::Detector::create(builtin_rules()));
  return instance;
}

}  // namespace

void scan_as(const std::string& path, const std::uint8_t* data, std::size_t size) {
  detect::ScanInput input;
  input.path = path;
  input.kind = parse::classify_path(path);
  input.text = std::string_view(reinterpret_cast<const char*>(data), size);
  for (const auto& finding : detector().scan(input)) {
    // Findings must point inside the input and never carry the raw bytes of a secret.
    if (finding.location.line < 1 || finding.location.column < 1) {
      std::abort();
    }
  }
}

core::MemoryRepoView split_repository(std::string_view input,
                                      const std::vector<const char*>& paths) {
  constexpr std::string_view separator = "\n---8<---\n";
  core::MemoryRepoView repo;
  for (const char* path : paths) {
    auto cut = input.find(separator);
    repo.add(path, std::string(input.substr(0, cut)));
    if (cut == std::string_view::npos) {
      break;
    }
    input.remove_prefix(cut + separator.size());
  }
  repo.set_remote_url("https://github.com/acme/widgets.git");
  return repo;
}

}  // namespace nts::fuzz
