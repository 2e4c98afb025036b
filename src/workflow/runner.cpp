#include <algorithm>

#include "workflow/readiness.hpp"

namespace nts::workflow {

RunnerInfo classify_runner(const FileContext& ctx, const Job& job) {
  RunnerInfo r;
  if (ctx.workflow.provider == Provider::gitlab) {
    // No tags: GitLab.com's shared runners. A tag outside the hosted ones
    // selects a self-managed runner, whose ID tokens npm does not accept.
    r.kind = RunnerInfo::Kind::github_hosted;
    r.label = "GitLab.com shared runner";
    for (const auto& tag : job.runs_on) {
      if (!RE2::FullMatch(tag.value, *ctx.k.gitlab.hosted_tags)) {
        r.kind = RunnerInfo::Kind::self_hosted;
        r.label = tag.value;
        r.at = ctx.evidence(tag);
        break;
      }
    }
    return r;
  }
  if (ctx.workflow.provider == Provider::circleci) {
    // CircleCI cloud unless the resource class names a self-hosted runner
    // class (`namespace/name`), whose ID tokens npm does not accept.
    r.kind = RunnerInfo::Kind::github_hosted;
    r.label = "CircleCI cloud";
    for (const auto& resource : job.runs_on) {
      if (RE2::FullMatch(resource.value, *ctx.k.circleci.self_hosted_resource_class)) {
        r.kind = RunnerInfo::Kind::self_hosted;
        r.label = resource.value;
        r.at = ctx.evidence(resource);
      }
    }
    return r;
  }
  if (!job.has_runs_on || job.runs_on.empty()) {
    r.kind = RunnerInfo::Kind::missing;
    return r;
  }
  r.at = ctx.evidence(job.runs_on.front());
  if (job.runs_on_group) {
    // Runner groups are for larger GitHub-hosted or self-hosted runners; npm cannot tell.
    r.kind = RunnerInfo::Kind::custom;
    r.label = "group: " + job.runs_on.front().value;
    return r;
  }
  bool all_hosted = true;
  for (const auto& label : job.runs_on) {
    // `${{ matrix.os }}` runs every value of the matrix key: each is judged.
    std::vector<std::string> values{label.value};
    if (label.value.find("${{") != std::string::npos) {
      auto key = matrix_reference(label.value);
      auto listed = key ? job.matrix.find(*key) : job.matrix.end();
      if (listed == job.matrix.end() || listed->second.empty()) {
        r.kind = RunnerInfo::Kind::expression;
        r.label = label.value;
        r.at = ctx.evidence(label);
        return r;
      }
      values = listed->second;
    }
    for (const std::string& value : values) {
      if (std::find(ctx.k.self_hosted.begin(), ctx.k.self_hosted.end(), value) !=
          ctx.k.self_hosted.end()) {
        r.kind = RunnerInfo::Kind::self_hosted;
        r.label = value;
        r.at = ctx.evidence(label);
        return r;
      }
      if (!RE2::FullMatch(value, *ctx.k.github_hosted)) {
        all_hosted = false;
        r.label = value;
        r.at = ctx.evidence(label);
      }
    }
  }
  if (all_hosted) {
    r.kind = RunnerInfo::Kind::github_hosted;
    r.label = job.runs_on.front().value;
  } else {
    r.kind = RunnerInfo::Kind::custom;
  }
  return r;
}

}  // namespace nts::workflow
