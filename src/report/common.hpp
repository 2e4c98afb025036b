#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "report/report.hpp"

// Helpers shared by the report writers in this folder (not part of the report API).
namespace nts::report::detail {

inline const rules::Rule* find_rule(const RenderOptions& options, std::string_view id) {
  if (options.rules == nullptr) {
    return nullptr;
  }
  for (const auto& rule : *options.rules) {
    if (rule.id == id) {
      return &rule;
    }
  }
  return nullptr;
}

// Whether a finding is a credential that leaked (so "revoke it" applies); a
// `${VAR}` reference is not. Unknown rules count as leaks: better too careful.
inline bool is_leak(const RenderOptions& options, std::string_view id) {
  const auto* rule = find_rule(options, id);
  return rule == nullptr || rule->leak;
}

// What a finding deleted since but still in history means, in a few words.
inline std::string_view deleted_since(const RenderOptions& options, std::string_view id) {
  return is_leak(options, id) ? "deleted since, but still in history: it leaked and must be revoked"
                              : "deleted since, still in history";
}

// The rule's title when the rules are known, else its id.
inline std::string rule_title(const RenderOptions& options, std::string_view id) {
  const auto* rule = find_rule(options, id);
  return rule != nullptr && !rule->title.empty() ? rule->title : std::string(id);
}

// Headline numbers, the same in every human-facing format.
struct Counts {
  std::map<core::Severity, std::size_t> by_severity;
  std::size_t publishing_jobs = 0;
  std::map<core::Auth, std::size_t> by_auth;
  std::size_t unknown_jobs = 0;  // publishes_npm unknown: may publish, evidence ran out
  std::size_t errors = 0;
};

inline Counts count(const core::ScanReport& report) {
  Counts counts;
  for (const auto& finding : report.findings) {
    ++counts.by_severity[finding.severity];
  }
  for (const auto& workflow : report.workflows) {
    for (const auto& job : workflow.jobs) {
      if (job.publishes()) {
        ++counts.publishing_jobs;
        ++counts.by_auth[job.auth];
      }
      counts.unknown_jobs += job.publishes_npm == core::Publishes::unknown ? 1 : 0;
    }
  }
  for (const auto& issue : report.issues) {
    counts.errors += issue.kind == core::ScanIssue::Kind::error ? 1 : 0;
  }
  return counts;
}

inline constexpr std::array<core::Severity, 4> k_severities_high_first = {
    core::Severity::high, core::Severity::medium, core::Severity::low, core::Severity::info};

inline std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "may publish to npm (unknown): <reasons>; hints: <hints>", for people.
inline std::string unknown_publish_summary(const core::JobReport& job) {
  std::string reasons;
  for (const auto& hop : job.unresolved) {
    reasons += (reasons.empty() ? "" : "; ") + hop.reason;
    if (!hop.path.empty()) {
      reasons += " (" + hop.path + (hop.line > 0 ? ":" + std::to_string(hop.line) : "") + ")";
    }
  }
  std::string hints;
  for (const auto& hint : job.publish_hints) {
    hints += (hints.empty() ? "" : ", ") + hint;
  }
  return "may publish to npm, but the scanner cannot see the publish: " +
         (reasons.empty() ? std::string("evidence ran out") : reasons) +
         (hints.empty() ? "" : "; it looks like an npm release: " + hints);
}

// High first (what must be revoked tops the list), then by file, line and column,
// so a notice never precedes the finding it repeats.
inline std::vector<const core::Finding*> by_severity_then_location(
    const std::vector<core::Finding>& findings) {
  std::vector<const core::Finding*> sorted;
  for (const auto& finding : findings) {
    sorted.push_back(&finding);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const core::Finding* a, const core::Finding* b) {
                     if (a->severity != b->severity) {
                       return a->severity > b->severity;
                     }
                     return std::tie(a->location.path, a->location.line, a->location.column) <
                            std::tie(b->location.path, b->location.line, b->location.column);
                   });
  return sorted;
}

// In place of an owner and repository the scanner could not find, with why and
// the placeholders the settings and commands use.
inline constexpr std::string_view k_unknown_repository =
    "owner and repository unknown (no GitHub remote, and no GitHub `repository.url` in "
    "package.json): use `<owner>` and `<repo>`";
// The same for a GitLab CI/CD publisher (gitlab_project reads only a gitlab.com remote).
inline constexpr std::string_view k_unknown_gitlab_project =
    "namespace and project unknown (no gitlab.com remote): use `<namespace>` and `<project>`";

// CircleCI: the ids npm asks for are never in the config.
inline constexpr std::string_view k_unknown_circleci_ids =
    "organization, project and pipeline definition ids are in CircleCI's settings: replace the "
    "`<…>` placeholders";

inline std::string_view unknown_repository(core::Provider provider) {
  switch (provider) {
    case core::Provider::gitlab:
      return k_unknown_gitlab_project;
    case core::Provider::circleci:
      return k_unknown_circleci_ids;
    case core::Provider::github:
      break;
  }
  return k_unknown_repository;
}

// The npmjs.com trusted-publisher fields in the provider's own words. `value`
// renders a repository-supplied value and `prose` the scanner's own text, each
// as the output format shows it.
template <typename Value, typename Prose>
std::string publisher_settings(const core::TrustedPublisher& tp, Value value, Prose prose) {
  std::string out;
  if (tp.owner.empty()) {
    out = prose(unknown_repository(tp.provider));
  } else if (tp.provider == core::Provider::gitlab) {
    out = "namespace " + value(tp.owner) + ", project " + value(tp.repository);
  } else {
    out = "owner " + value(tp.owner) + ", repository " + value(tp.repository);
  }
  const std::string environment = tp.environment ? value(*tp.environment) : "(none)";
  switch (tp.provider) {
    case core::Provider::gitlab:
      return out + ", top-level CI file " + value(tp.workflow) + ", environment " + environment;
    case core::Provider::circleci: {
      out += ", config " + value(tp.workflow);
      for (std::size_t i = 0; i < tp.contexts.size(); ++i) {
        out += (i == 0 ? ", contexts " : ", ") + value(tp.contexts[i]);
      }
      return out;
    }
    case core::Provider::github:
      break;
  }
  return out + ", workflow " + value(tp.workflow) + ", environment " + environment;
}

// "npm access token (npm-access-token)", or only the id when no title is known.
inline std::string rule_label(const RenderOptions& options, std::string_view id) {
  std::string title = rule_title(options, id);
  return title == id ? title : title + " (" + std::string(id) + ")";
}

}  // namespace nts::report::detail
