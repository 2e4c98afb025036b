#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workflow/analyze.hpp"
#include "workflow/context.hpp"
#include "workflow/facts.hpp"
#include "workflow/package_json.hpp"

namespace nts::workflow {

// --- permissions.cpp -------------------------------------------------------
// Whether the job's GITHUB_TOKEN may request an OIDC token.
struct IdToken {
  bool write = false;
  std::string why;             // "job permissions", "workflow permissions: write-all", ...
  std::optional<Evidence> at;  // the deciding permissions entry, when there is one
};
IdToken job_id_token(const FileContext& ctx, const Job& job);

// --- runner.cpp ------------------------------------------------------------
struct RunnerInfo {
  enum class Kind { github_hosted, self_hosted, custom, expression, missing };
  Kind kind = Kind::missing;
  std::string label;  // the label that decided
  std::optional<Evidence> at;
};
RunnerInfo classify_runner(const FileContext& ctx, const Job& job);

// --- node_version.cpp ------------------------------------------------------
// The npm the publish step runs, derived from setup-node, node-version-file,
// container image, npm upgrade steps and `npx npm@X`.
struct NpmInfo {
  enum class Status { capable, too_old, unknown };
  Status status = Status::unknown;
  std::string node;    // "24", "22.14.0", "" unknown
  std::string source;  // "actions/setup-node node-version", ".nvmrc", "container node:22", ...
  std::string detail;  // "npm 10 (Node 22) without an npm upgrade"
  std::string version_file;  // setup-node's node-version-file (".nvmrc"), when Node comes from it
  std::optional<Evidence> at;
};
NpmInfo npm_for(const FileContext& ctx, const Job& job, const JobFacts& facts,
                const PublishHit& hit);

// --- clients.cpp -----------------------------------------------------------
struct ClientVerdict {
  enum class Status { capable, needs_npm, blocked, unverified };
  Status status = Status::needs_npm;
  std::string client;  // effective client id after resolving package-manager delegation
  std::string reason;  // for blockers and advice
  std::string fix;
  std::string precheck;  // a TP-breaking pre-check built into the tool
  // Blocked by a pinned version only: where the pin is and what unblocks it.
  std::optional<ToolUpgrade> upgrade;
};
ClientVerdict judge_client(const FileContext& ctx, const JobFacts& facts, const PublishHit& hit);

// --- repository.cpp --------------------------------------------------------
struct RepoSlug {
  std::string owner;
  std::string name;
  bool empty() const { return owner.empty() || name.empty(); }
};
// github.com URLs in any form git and npm accept (https, ssh, git@, git+https,
// "github:o/r", "o/r"). Empty for other hosts.
RepoSlug parse_github_slug(const std::string& url);

// The scanned repository's owner/name: the git remote, else the root
// package.json repository.url. Empty when neither is on github.com.
RepoSlug repository_slug(const core::RepoView& repo);

// The scanned repository's GitLab.com namespace (groups joined by '/') and
// project from the git remote; empty when the remote is not on gitlab.com.
RepoSlug gitlab_project(const core::RepoView& repo);

// The registry host of a URL; "" means npm's default (registry.npmjs.org).
std::string registry_host(const std::string& url);
// registries.yaml: npmjs itself (an empty URL is npm's default), GitHub Packages.
bool is_npmjs(const Knowledge& k, const std::string& url);
bool is_github_packages(const Knowledge& k, const std::string& url);

}  // namespace nts::workflow
