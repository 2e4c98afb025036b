#pragma once

// The org report seen job by job: what each team is handed (workflow, job,
// auth, readiness, blockers, migration steps, `npm trust` commands), the
// blockers grouped by kind, and npm's deadline with the jobs it breaks. Read
// from the report JSON, so a merged or stored report gives the same rows as
// a fresh one; every string stays repository text, escaped by the writers.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nts::org {

// One job that publishes to npm (or may: publishes_npm "unknown").
struct JobRow {
  std::string repository;           // the entry's `repository` (URL or path as given)
  std::string name;                 // what to show: repository_name()
  std::string workflow;             // the workflow file
  std::string provider = "github";  // github | gitlab | circleci (the report's spelling)
  std::string job;                  // the job id
  bool publish_unknown = false;
  std::string auth;       // token | hybrid | oidc | none
  std::string readiness;  // ready | needs-changes | blocked | not-applicable
  std::vector<std::string> blockers;
  std::vector<std::string> steps;     // the migration advice, in order
  std::vector<std::string> commands;  // one `npm trust` command per published package
};

// " (gitlab)", " (circleci)" after a workflow file that GitHub does not run;
// empty for GitHub's. Plain text: each writer escapes it.
std::string provider_suffix(const JobRow& row);

// owner/name (`name`, from the remote), else `repository` (the path or URL).
std::string repository_name(const nlohmann::ordered_json& entry);

// "repo-2" < "repo-10": runs of digits compare as numbers, the rest without
// regard to case (ties broken byte-wise, so the order is total).
bool natural_less(std::string_view a, std::string_view b);

// Every publishing job of every repository, in natural order of repository
// name, workflow and job. Wrongly typed fields read as empty.
std::vector<JobRow> job_rows(const nlohmann::ordered_json& report);

// A blocker's kind: its text without parenthesised detail, so
// "long-lived token still wired (NPM_TOKEN)" and "… (NODE_AUTH_TOKEN)" are one.
std::string blocker_kind(std::string_view blocker);

// Kinds with the number of jobs they block, most frequent first.
std::vector<std::pair<std::string, int>> blocker_groups(const std::vector<JobRow>& rows);

// npm's January 2027 end of direct publishing with bypass-2FA tokens
// (rules/workflow/deadlines.yaml; NTS_TODAY pins today) and what it breaks.
struct MigrationDeadline {
  std::string date;               // YYYY-MM-DD
  std::optional<long> days_left;  // negative once passed; nullopt: no rules data
  std::string text;               // the rules data's sentence
  std::string write_token_text;   // "write-capable granular tokens expire after at most 90 days"
  int token_jobs = 0;             // publish with a token only: break on that date
  int hybrid_jobs = 0;            // fall back to a token: break unless OIDC is configured
};
MigrationDeadline migration_deadline(const std::vector<JobRow>& rows);

// The first and last scan time of the report's repositories (UTC, ISO 8601);
// empty when no entry carries one.
std::pair<std::string, std::string> scan_period(const nlohmann::ordered_json& report);

}  // namespace nts::org
