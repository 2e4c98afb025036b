#pragma once

#include <vector>

#include "core/scan_report.hpp"
#include "rules/rule.hpp"

// One hand-built report with a leak, a token reference, a workflow finding from
// a rule the writers are not told about, and two workflows (one publishing), so
// that each writer's tests pin every branch. No value here is token-shaped.
namespace nts::report::test {

inline std::vector<rules::Rule> sample_rules() {
  rules::Rule leak;
  leak.id = "npm-access-token";
  leak.title = "npm access token";
  leak.description = "An npm access token with a valid checksum.\n";
  leak.severity = core::Severity::high;
  leak.help = "revoke it now";
  leak.leak = true;
  leak.references = {"https://docs.npmjs.com/trusted-publishers"};
  rules::Rule reference;
  reference.id = "npm-token-reference";
  reference.title = "npm token reference";
  reference.description = "An .npmrc that reads its token from the environment.";
  reference.severity = core::Severity::info;
  reference.confidence = core::Confidence::high;
  reference.engine = rules::Engine::builtin;
  reference.help = "publish with trusted publishing";
  return {leak, reference};
}

inline core::ScanReport sample_report() {
  core::ScanReport report;
  core::Finding leak;
  leak.rule_id = "npm-access-token";
  leak.severity = core::Severity::high;
  leak.confidence = core::Confidence::high;
  leak.message = "npm access token committed";
  leak.help = "revoke it now";
  leak.location = {"packages/cli/.npmrc", 1, 34};
  leak.secret = "npm_Ab…(redacted, 40 chars)";
  leak.fingerprint = "0123456789abcdef0123456789abcdef";
  leak.commit = "89abcdef0123456789abcdef0123456789abcdef";
  leak.still_present = false;
  core::Finding reference;
  reference.rule_id = "npm-token-reference";
  reference.severity = core::Severity::info;
  reference.confidence = core::Confidence::high;
  reference.message = "_authToken takes its value from ${NPM_TOKEN}";
  reference.help = "publish with trusted publishing";
  reference.location = {".npmrc", 1, 34};
  reference.secret = "${NPM_TOKEN}";
  reference.fingerprint = "fedcba9876543210fedcba9876543210";
  core::Finding workflow;
  workflow.rule_id = "workflow-long-lived-token";
  workflow.severity = core::Severity::medium;
  workflow.confidence = core::Confidence::medium;
  workflow.message = "job 'release' publishes with NODE_AUTH_TOKEN from secrets.NPM_TOKEN";
  workflow.help = "switch to trusted publishing";
  workflow.location = {".github/workflows/release.yml", 12, 9};
  workflow.fingerprint = "00112233445566778899aabbccddeeff";
  report.findings = {leak, reference, workflow};

  core::JobReport release;
  release.id = "release";
  release.line = 5;
  release.publishes_npm = core::Publishes::yes;
  release.auth = core::Auth::token;
  release.trusted_publishing = core::Readiness::needs_changes;
  release.blockers = {"no id-token: write permission"};
  release.advice = {"add `permissions: id-token: write`", "remove NODE_AUTH_TOKEN"};
  release.publish_steps = {{14, 9, "npm publish", {}}};
  release.token_sources = {{12, 9, "NODE_AUTH_TOKEN", "secrets.NPM_TOKEN"}};
  release.trusted_publisher =
      core::TrustedPublisher{"acme",
                             "widgets",
                             "release.yml",
                             std::nullopt,
                             "npm trust github widgets --file release.yml --repo acme/widgets",
                             {}};
  release.packages = {"widgets"};
  core::JobReport test_job;
  test_job.id = "test";
  test_job.line = 20;
  report.workflows = {{".github/workflows/release.yml", {release, test_job}},
                      {".github/workflows/ci.yml", {test_job}}};
  report.stats.files_scanned = 7;
  report.stats.bytes_scanned = 1234;
  return report;
}

}  // namespace nts::report::test
