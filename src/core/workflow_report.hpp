#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nts::core {

// What the workflow analysis says about one job (see the `workflows` part of
// shared/contract.md; field names follow it).
struct PublishStep {
  int line = 0;
  int column = 0;
  std::string tool;  // "npm publish", "changesets/action", ...
};

struct TokenSource {
  int line = 0;
  int column = 0;
  std::string name;  // NODE_AUTH_TOKEN, .npmrc, with.token, ...
  std::string from;  // secrets.NPM_TOKEN, ...
};

struct TrustedPublisher {
  std::string owner;
  std::string repository;
  std::string workflow;  // file name only, as npmjs.com wants it
  std::optional<std::string> environment;
  std::string command;  // npm trust github <pkg> --file … --repo …
};

struct JobReport {
  std::string id;
  int line = 0;
  bool publishes_npm = false;
  std::string auth = "none";                          // token|oidc|hybrid|none
  std::string trusted_publishing = "not-applicable";  // ready|needs-changes|blocked|not-applicable
  std::vector<std::string> blockers;
  std::vector<std::string> advice;  // ordered migration steps, for people
  std::vector<PublishStep> publish_steps;
  std::vector<TokenSource> token_sources;
  std::optional<TrustedPublisher> trusted_publisher;
  std::vector<std::string> packages;
};

struct WorkflowReport {
  std::string path;
  std::vector<JobReport> jobs;
};

}  // namespace nts::core
