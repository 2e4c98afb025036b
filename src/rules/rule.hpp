#pragma once

#include <string>
#include <vector>

#include "core/severity.hpp"

namespace nts::rules {

// One example from a rule file: `text` may hold templates such as {{npm_token}}
// that tests fill at run time, so that nothing token-shaped is ever committed.
struct Example {
  std::string text;
  std::string path;  // the file name the example is scanned as
  int line = 0;      // where the example sits in the rule file
};

// How a rule finds things. pattern: the RE2 `pattern` run by the detector;
// builtin: a structural check in detect/checks (npmrc, yarnrc parsers);
// workflow: the workflow analysis; derived: produced by another rule's
// `fallback` (e.g. a token-shaped string whose checksum is wrong).
enum class Engine { pattern, builtin, workflow, derived };

// A rule as loaded from rules/<id>.yaml (see rules/README.md for the format).
struct Rule {
  std::string id;
  std::string title;
  std::string description;  // Markdown: why it matters
  core::Severity severity = core::Severity::high;
  core::Confidence confidence = core::Confidence::high;
  Engine engine = Engine::pattern;
  std::vector<std::string> files;     // file kinds it applies to; empty = every file
  std::vector<std::string> keywords;  // literal prefilter (ASCII case-insensitive)
  std::string pattern;                // RE2, with a (?P<secret>…) group
  std::string validator;              // "" or the name of a validator (npm-checksum)
  double min_entropy = 0.0;           // of the secret, bits per byte
  std::string fallback;               // rule id used when the validator or entropy rejects
  std::vector<std::string> allow;     // RE2 on the secret: placeholders, not secrets
  // A leak rule reports a credential in the files (not how a workflow uses one):
  // a repository's own .npm-token-scan.yaml may not switch it off.
  bool leak = false;
  std::string message;
  std::string help;
  std::vector<std::string> references;
  std::vector<Example> match_examples;
  std::vector<Example> no_match_examples;
  std::string source;        // the file it came from
  bool builtin_file = true;  // embedded in the binary (false: --rules or repository config)
};

std::string_view to_string(Engine engine);

}  // namespace nts::rules
