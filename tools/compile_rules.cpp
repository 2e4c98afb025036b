// nts-compile-rules OUT.cpp: parses the rule files embedded in the build
// (rules/*.yaml) and writes them as C++ (rules::builtin_rules()). A rule file
// with an error stops the build here, with the file, line and column.
#include <fstream>
#include <iostream>

#include "rules/rule_code.hpp"
#include "rules/rule_loader.hpp"
#include "rules/rule_set.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: nts-compile-rules OUT.cpp\n";
    return 2;
  }
  auto rules = nts::rules::parse_builtin_rules();
  if (!rules) {
    std::cerr << "nts-compile-rules: error: " << rules.error().describe_with_context() << '\n';
    return 1;
  }
  // Compiling the patterns here too means a bad pattern fails the build, not a scan.
  if (auto compiled = nts::rules::RuleSet::compile(*rules); !compiled) {
    std::cerr << "nts-compile-rules: error: " << compiled.error().describe_with_context() << '\n';
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << nts::rules::rules_as_cpp(*rules);
  out.close();
  if (!out) {
    std::cerr << "nts-compile-rules: error: cannot write " << argv[1] << '\n';
    return 1;
  }
  return 0;
}
