#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/finding.hpp"
#include "core/workflow_report.hpp"

namespace nts::workflow::test {

using Files = std::vector<std::pair<std::string, std::string>>;

// One analysed job with the findings of its workflow.
struct RuleOutcome {
  core::JobReport job;
  std::vector<core::Finding> findings;

  bool has_blocker(const std::string& part) const;
  bool has_advice(const std::string& part) const;
  bool has_finding(const std::string& rule_id) const;
  // Position of the first advice containing `part` (advice.size() when none).
  std::size_t advice_at(const std::string& part) const;
};

// A GitHub workflow `release.yml` whose job `publish` has `job_lines`
// (indented 4) and `steps` (indented 6) before `publish`.
std::string publish_workflow(const std::string& job_lines, const std::string& steps,
                             const std::string& publish = "npm publish",
                             const std::string& head = "on: push\n");

// Analyses `path` with `text` in acme/widgets (with a package.json `widgets`
// unless `files` has one) and returns its first job.
RuleOutcome analyse_job(const std::string& text, Files files = {},
                        const std::string& path = ".github/workflows/release.yml");

inline const std::string k_hosted = "    runs-on: ubuntu-latest\n";
inline const std::string k_oidc = "    permissions: {id-token: write, contents: read}\n";
inline const std::string k_node24 =
    "      - uses: actions/setup-node@v4\n        with: {node-version: 24}\n";
inline const std::string k_token_env = "    env: {NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}'}\n";

}  // namespace nts::workflow::test
