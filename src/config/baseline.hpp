#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/finding.hpp"

namespace nts::config {

// A baseline is the set of findings a team has triaged and accepted, kept as
// content fingerprints (rule + path + hash of the secret, see detect::fingerprint):
// a finding that only moved lines keeps its fingerprint and stays suppressed; the
// same secret in another file is a new fingerprint and is reported.
//
// File format (JSON): {"version": 1, "fingerprints": ["<32 hex>", ...]}, sorted.
core::Result<std::set<std::string>> read_baseline(const std::string& path);
// The same for a baseline's text read elsewhere (a range scan's BASE); `source` names it.
core::Result<std::set<std::string>> parse_baseline(const std::string& text,
                                                   const std::string& source);
core::Status write_baseline(const std::string& path, const std::vector<core::Finding>& findings);

// The text write_baseline puts in the file (exposed for tests).
std::string baseline_text(const std::vector<core::Finding>& findings);

// Drops the findings whose fingerprint is in `baseline` (moved to `accepted`
// when not null); returns how many.
std::size_t apply_baseline(std::vector<core::Finding>& findings,
                           const std::set<std::string>& baseline,
                           std::vector<core::Finding>* accepted = nullptr);

}  // namespace nts::config
