#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/provider.hpp"
#include "core/verdict.hpp"

namespace nts::core {

// What the workflow analysis says about one job (see the `workflows` part of
// docs/contract.md; field names follow it).
// One hop of the chain from a workflow step to the command that publishes.
struct ChainHop {
  std::string path;  // repository-relative file ("" = the workflow itself)
  int line = 0;
  std::string what;  // "npm run release", "bash scripts/publish.sh", ...
};

struct PublishStep {
  int line = 0;
  int column = 0;
  std::string tool;           // "npm publish", "changesets/action", ...
  std::vector<ChainHop> via;  // outermost first; empty when the step itself publishes
};

// Where the evidence ran out: what the scanner could not read, and why.
struct Unresolved {
  std::string path;  // the file the unreadable hop is written in
  int line = 0;
  std::string reason;
};

struct TokenSource {
  int line = 0;
  int column = 0;
  std::string name;  // NODE_AUTH_TOKEN, .npmrc, with.token, ...
  std::string from;  // secrets.NPM_TOKEN, ...
  TokenSourceKind kind = TokenSourceKind::seen;
};

struct TrustedPublisher {
  std::string owner;
  std::string repository;
  std::string workflow;  // file name only, as npmjs.com wants it
  std::optional<std::string> environment;
  std::string command;  // npm trust github|gitlab|circleci <pkg> …
  // One `npm trust` command per package the job publishes (private ones left
  // out); `command` alone, with <pkg>, when the packages are not known.
  std::vector<std::string> commands;
  // For GitLab CI/CD, owner is the namespace (groups joined by '/'),
  // repository the project and ci_file the top-level CI file path.
  Provider provider = Provider::github;
  std::string ci_file = {};
  // For CircleCI: the contexts the job runs with (each needs its context id);
  // the organization, project and pipeline definition ids are not in the
  // config, so the command carries placeholders for them.
  std::vector<std::string> contexts = {};
};

// A registry write trusted publishing does not cover (`npm dist-tag add`,
// `npm deprecate`…), run while the job holds a token: the job keeps needing
// that token after its publish moves to OIDC.
struct TokenCommand {
  int line = 0;
  int column = 0;
  std::string command;              // "npm dist-tag add"
  std::vector<TokenSource> tokens;  // the token sources that reach it

  // Their names, each once ("NODE_AUTH_TOKEN").
  std::vector<std::string> token_names() const {
    std::vector<std::string> names;
    for (const auto& token : tokens) {
      if (std::find(names.begin(), names.end(), token.name) == names.end()) {
        names.push_back(token.name);
      }
    }
    return names;
  }
};

struct JobReport {
  std::string id;
  int line = 0;
  Publishes publishes_npm = Publishes::no;
  Auth auth = Auth::none;
  Readiness trusted_publishing = Readiness::not_applicable;
  std::vector<std::string> blockers;
  std::vector<std::string> advice;  // ordered migration steps, for people
  std::vector<PublishStep> publish_steps;
  std::vector<TokenSource> token_sources;
  std::vector<TokenCommand> token_commands;
  std::optional<TrustedPublisher> trusted_publisher;
  std::vector<std::string> packages;
  // publishes_npm == unknown: where the chain left what the scanner reads,
  // and what in the job suggests an npm release.
  std::vector<Unresolved> unresolved;
  std::vector<std::string> publish_hints;
  // A reusable workflow's job: every chain of callers that reaches it, each
  // top-level caller first ("release.yml (job publish)", "build.yml (job npm)").
  std::vector<std::vector<std::string>> called_from;

  bool publishes() const { return publishes_npm == Publishes::yes; }
};

struct WorkflowReport {
  std::string path;
  std::vector<JobReport> jobs;
  Provider provider = Provider::github;
};

}  // namespace nts::core
