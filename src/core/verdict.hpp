#pragma once

#include <optional>
#include <string_view>

namespace nts::core {

// The workflow analysis' verdicts on one job. Each has one table of spellings
// (verdict.cpp) used by every writer, the org aggregate and the readers of
// stored reports; the spellings are the JSON contract's.

// Whether the job publishes to registry.npmjs.org. `unknown`: the chain left
// what the scanner can read (an external reusable workflow or action, a
// binary, a script missing from the checkout) while the job looks like an npm
// release; JSON writes true | false | "unknown".
enum class Publishes { no, yes, unknown };

// How an npm publish authenticates: a long-lived token, OIDC trusted
// publishing, both wired (npm tries OIDC and falls back to the token), or
// neither (the job does not publish, or holds no credential).
enum class Auth { none, token, oidc, hybrid };

// Whether the job can move to trusted publishing as it is.
enum class Readiness { not_applicable, ready, needs_changes, blocked };

std::string_view to_string(Publishes publishes);  // "no" | "yes" | "unknown"
std::string_view to_string(Auth auth);            // "none" | "token" | "oidc" | "hybrid"
std::string_view to_string(Readiness readiness);  // "not-applicable" | "ready" | ...

// Where a job's token comes from. seen: wired in a file the scanner read;
// inferred: the provider hands jobs variables no file names (GitLab CI/CD
// variables), so a token is the likely credential though no line shows it.
enum class TokenSourceKind { seen, inferred };
std::string_view to_string(TokenSourceKind kind);  // "seen" | "inferred"

std::optional<Publishes> parse_publishes(std::string_view text);
std::optional<Auth> parse_auth(std::string_view text);
std::optional<Readiness> parse_readiness(std::string_view text);

}  // namespace nts::core
