#pragma once

#include <optional>
#include <string>

#include "core/location.hpp"
#include "core/severity.hpp"

namespace nts::core {

// One thing the scan found. A Finding never holds a whole secret: `secret` is
// already redacted and `snippet` has the secret masked before it gets here.
struct Finding {
  std::string rule_id;
  Severity severity = Severity::info;
  Confidence confidence = Confidence::low;
  std::string message;  // one sentence a person can act on
  std::string help;     // one line: what to do about it
  Location location;
  std::string secret;       // redacted form, e.g. "npm_Ab…(redacted, 40 chars)"
  std::string fingerprint;  // from rule + path + hash of the secret; stable when lines move
  std::optional<std::string> commit;  // where it was introduced (history/range scans)
  bool still_present = true;          // false: deleted since, but still leaked
  // Set when an inline `npm-token-scan: ignore[rule]` comment covers the
  // finding: the 1-based line of that comment. The scan leaves such findings
  // out and counts them (stats.inline_ignored), except where policy says the
  // comment does not count (a leak rule in a range the comment arrived with).
  std::optional<int> ignore_comment_line;

  // The source line around the finding with the secret masked, for the text
  // report's caret display; `snippet_column` is the 1-based column in `snippet`.
  // SHA-256 of the secret: in memory only (never printed), to tell whether a
  // secret found in history is still present at HEAD.
  std::string secret_digest;

  std::string snippet;
  int snippet_column = 0;
  int highlight_width = 1;
};

}  // namespace nts::core
