#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/repo_view.hpp"
#include "core/scan_report.hpp"
#include "workflow/knowledge.hpp"
#include "workflow/model.hpp"

namespace nts::workflow {

// A CircleCI config read into one Workflow (provider circleci) and its text.
struct CircleciFile {
  std::string text;
  Workflow workflow;
};

// Reads a CircleCI 2.x config (`.circleci/config.yml`, or the path a project
// set): jobs with their steps, reusable `commands:` expanded with their
// parameters (`<< parameters.x >>`, defaults, invocation values), executors
// (docker image, machine, resource_class, environment), pipeline parameters'
// defaults, workflows (which jobs run, their contexts and filters), YAML
// anchors and merge keys, and orbs by name: a step or job of an orb becomes a
// `uses:` step named `orb:NAMESPACE/ORB/COMMAND@VERSION`, judged by the orb
// table in rules/workflow/circleci.yaml. Nothing is fetched. Problems come back
// in `issues` with file and line; nullopt when the file cannot be analysed.
// Never throws.
std::optional<CircleciFile> read_circleci_config(const core::RepoView& repo,
                                                 const std::string& path, const Knowledge& k,
                                                 std::vector<core::ScanIssue>& issues);

// The prefix of a `uses:` step that stands for an orb's job or command.
inline constexpr std::string_view k_orb_prefix = "orb:";

}  // namespace nts::workflow
