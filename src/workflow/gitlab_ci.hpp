#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/repo_view.hpp"
#include "core/scan_report.hpp"
#include "workflow/knowledge.hpp"
#include "workflow/model.hpp"

namespace nts::workflow {

// One file of a GitLab pipeline and the jobs whose key it holds, each job
// already merged with what it extends, `default:`, global variables and the
// `!reference`s it names. Values that come from another file are located at
// the job's key in this file.
struct GitlabFile {
  std::string text;
  Workflow workflow;
};

// Reads the pipeline that starts at `entry` (the top-level CI file): local
// `include:`s (string and `local:` forms, globs) with cycles cut and the count
// capped, `extends:` (cycles cut, depth capped), YAML merge keys, `!reference`,
// `default:` and variables. Hidden jobs (`.name`) are templates, not jobs.
// Remote, template, project and component includes are noted as unresolved
// and never fetched; nothing outside the repository is read. Problems come
// back in `issues` with file and line. Never throws.
std::vector<GitlabFile> read_gitlab_pipeline(const core::RepoView& repo, const std::string& entry,
                                             const Knowledge& k,
                                             std::vector<core::ScanIssue>& issues);

// `//a/../b` -> `b`; "" when the path leaves the repository.
std::string normalize_repo_path(std::string_view path);

}  // namespace nts::workflow
