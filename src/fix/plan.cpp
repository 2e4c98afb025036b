#include "fix/plan.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "fix/overlay_view.hpp"
#include "fix/reusable_edit.hpp"
#include "workflow/analyze.hpp"

namespace nts::fix {
namespace {

bool selected(const FixOptions& options, const std::string& path, const std::string& job) {
  if (options.jobs.empty()) {
    return true;
  }
  auto slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  for (const auto& wanted : options.jobs) {
    auto colon = wanted.rfind(':');
    if (colon == std::string::npos) {
      continue;
    }
    auto file = wanted.substr(0, colon);
    if ((file == path || file == name) && wanted.substr(colon + 1) == job) {
      return true;
    }
  }
  return false;
}

const workflow::JobMechanics* mechanics_for(const workflow::Analysis& analysis,
                                            const std::string& path, const std::string& job) {
  for (const auto& m : analysis.mechanics) {
    if (m.path == path && m.job == job) {
      return &m;
    }
  }
  return nullptr;
}

// Why a token or hybrid job is not one fix changes, before looking at its text.
std::string precheck(const core::WorkflowReport& workflow, const core::JobReport& job,
                     const workflow::JobMechanics* m) {
  if (workflow.provider != core::Provider::github) {
    return std::string(core::to_string(workflow.provider)) +
           " pipelines are not changed automatically; follow the advice";
  }
  if (!m) {
    return "the analysis holds no details of how the job publishes";
  }
  if (m->reusable_call || m->in_workflow_call || !job.called_from.empty()) {
    return "the job is part of a reusable workflow call; the callee and every caller must "
           "change together";
  }
  // fix removes the tokens that reach the publish: not one that a registry
  // write OIDC does not cover (`npm dist-tag add`) reads as well.
  for (const auto& command : job.token_commands) {
    for (const auto& token : command.tokens) {
      bool removed = std::any_of(
          job.token_sources.begin(), job.token_sources.end(), [&](const core::TokenSource& t) {
            return t.name == token.name && t.line == token.line && t.column == token.column;
          });
      if (removed) {
        return command.command + " (line " + std::to_string(command.line) + ") reads " +
               token.name +
               " too, and trusted publishing does not cover it: give that step its own token or "
               "drop it, then run fix again";
      }
    }
  }
  auto blocker = unfixable_blocker(job, *m);
  if (job.trusted_publishing == core::Readiness::blocked && !blocker.empty()) {
    return "blocked: " + blocker;
  }
  if (job.trusted_publishing == core::Readiness::blocked && !m->clients_upgradable) {
    return "blocked: " + (job.blockers.empty() ? std::string("see the scan") : job.blockers[0]);
  }
  if (blocker.empty() && !m->clients_supported && !m->clients_upgradable) {
    return "the publishing tool's trusted publishing support is not confirmed";
  }
  return blocker;
}

struct FileState {
  std::unique_ptr<Layout> layout;  // null when the file could not be read as YAML
  std::string why;
};

std::string token_label(const core::TokenSource& token) {
  return token.name + (token.from.empty() ? "" : " (" + token.from + ")");
}

}  // namespace

// The blockers fix removes; any other one leaves the job as it is.
std::string unfixable_blocker(const core::JobReport& job, const workflow::JobMechanics& m) {
  for (const auto& blocker : job.blockers) {
    bool upgrade =
        std::any_of(m.tool_upgrades.begin(), m.tool_upgrades.end(),
                    [&](const workflow::ToolUpgrade& u) { return u.blocker == blocker; });
    bool node = (m.npm == workflow::JobMechanics::Npm::too_old ||
                 (m.npm == workflow::JobMechanics::Npm::unknown && m.setup_node_before >= 0)) &&
                blocker == m.npm_detail;
    // A caller's missing grant: the reusable-workflow group adds it.
    bool caller = blocker.rfind("caller ", 0) == 0 &&
                  blocker.find(" does not grant id-token: write") != std::string::npos;
    bool ours = blocker == "no id-token: write" || caller ||
                blocker.rfind("long-lived token still wired", 0) == 0 || node || upgrade;
    if (!ours) {
      return blocker;
    }
  }
  return {};
}

std::optional<Layout::Entry> editable_job(const Layout& layout, const std::string& id,
                                          std::string* why) {
  auto jobs = Layout::entry(layout.root(), "jobs");
  auto job = jobs ? Layout::entry(jobs->value, id) : std::nullopt;
  if (!job || !job->value.IsMap()) {
    *why = "the job could not be located in the file";
    return std::nullopt;
  }
  if (Layout::is_flow(job->value) || Layout::is_flow(jobs->value)) {
    *why = "the job is written as a flow mapping";
    return std::nullopt;
  }
  auto first = layout.line(job->key);
  auto last = layout.block_last_line(first, layout.column(job->key));
  if (layout.shares_nodes(layout.line_start(first), layout.line_end(last))) {
    *why = "the job uses YAML anchors, aliases or merge keys";
    return std::nullopt;
  }
  return job;
}

void plan_job(JobEditor& editor, bool id_token) {
  if (id_token) {
    plan_id_token(editor);
  }
  for (auto* planner : {plan_npm_runtime, plan_token_removal, plan_tool_upgrades}) {
    if (!editor.refused()) {
      planner(editor);
    }
  }
}

std::string_view to_string(JobOutcome::Status status) {
  switch (status) {
    case JobOutcome::Status::fixed:
      return "fixed";
    case JobOutcome::Status::not_fixed:
      return "not-fixed";
    case JobOutcome::Status::nothing_to_do:
      return "nothing-to-do";
    case JobOutcome::Status::not_publishing:
      return "not-publishing";
    case JobOutcome::Status::not_selected:
      return "not-selected";
  }
  return "not-fixed";
}

FixPlan plan_fix(const core::RepoView& repo, const rules::RuleSet& rules,
                 const FixOptions& options) {
  FixPlan plan;
  auto analysis = workflow::analyze_repository(repo, rules, options.analysis);
  plan.issues = analysis.issues;
  std::map<std::string, FileState> files;
  auto state_of = [&](const std::string& path) -> FileState& {
    auto& state = files[path];
    if (!state.layout && state.why.empty()) {
      auto text = repo.read(path);
      std::string why;
      std::optional<Layout> layout;
      if (text) {
        layout = Layout::load(path, std::move(*text), &why);
      }
      if (layout) {
        state.layout = std::make_unique<Layout>(std::move(*layout));
      } else {
        state.why = text ? why : "the file cannot be read";
      }
    }
    return state;
  };

  // Which jobs to try, per file, before planning (a workflow-level binding
  // goes only when every job it reaches is fixed).
  std::map<std::string, std::set<std::string>> candidates;
  for (const auto& workflow : analysis.workflows) {
    for (const auto& job : workflow.jobs) {
      JobOutcome out;
      out.path = workflow.path;
      out.job = job.id;
      out.publishes = job.publishes_npm;
      out.auth = job.auth;
      for (const auto& token : job.token_sources) {
        out.token_names.push_back(token_label(token));
      }
      out.trusted_publisher = job.trusted_publisher;
      bool token_job = job.auth == core::Auth::token || job.auth == core::Auth::hybrid;
      if (job.publishes_npm == core::Publishes::no) {
        out.status = JobOutcome::Status::not_publishing;
      } else if (!selected(options, workflow.path, job.id)) {
        out.status = JobOutcome::Status::not_selected;
      } else if (job.publishes_npm == core::Publishes::unknown) {
        out.status = JobOutcome::Status::not_fixed;
        out.reason = "the scanner cannot see whether the job publishes to npm";
      } else if (!token_job) {
        out.status = job.blockers.empty() ? JobOutcome::Status::nothing_to_do
                                          : JobOutcome::Status::not_fixed;
        out.reason = job.blockers.empty() ? ""
                                          : "publishes without a token already; still needed: " +
                                                job.blockers.front();
      } else if (auto why = precheck(workflow, job, mechanics_for(analysis, workflow.path, job.id));
                 !why.empty()) {
        out.status = JobOutcome::Status::not_fixed;
        out.reason = why;
      } else {
        out.status = JobOutcome::Status::fixed;  // tentatively
        candidates[workflow.path].insert(job.id);
      }
      plan.jobs.push_back(std::move(out));
    }
  }

  // Plan each candidate against its file's original text.
  auto report_of = [&](const std::string& path, const std::string& id) -> const core::JobReport* {
    for (const auto& workflow : analysis.workflows) {
      if (workflow.path == path) {
        for (const auto& job : workflow.jobs) {
          if (job.id == id) {
            return &job;
          }
        }
      }
    }
    return nullptr;
  };
  auto workflow_of = [&](const std::string& path) -> const core::WorkflowReport& {
    for (const auto& workflow : analysis.workflows) {
      if (workflow.path == path) {
        return workflow;
      }
    }
    return analysis.workflows.front();
  };
  auto not_fixed = [](JobOutcome& out, std::string why) {
    out.status = JobOutcome::Status::not_fixed;
    out.reason = std::move(why);
    out.edits.clear();
  };
  // Reusable workflows: the callee and its callers as one group.
  plan_reusable_groups(
      repo, analysis,
      [&](const std::string& path, std::string* why) -> const Layout* {
        auto& state = state_of(path);
        *why = state.why;
        return state.layout.get();
      },
      plan.jobs);
  for (auto& out : plan.jobs) {
    if (out.status != JobOutcome::Status::fixed || !out.group.empty()) {
      continue;
    }
    auto& state = state_of(out.path);
    if (!state.layout) {
      not_fixed(out, state.why);
      continue;
    }
    const Layout& layout = *state.layout;
    std::string why;
    auto job = editable_job(layout, out.job, &why);
    if (!job) {
      not_fixed(out, why);
      continue;
    }
    const auto& report = *report_of(out.path, out.job);
    const auto& m = *mechanics_for(analysis, out.path, out.job);
    JobEditor editor{
        layout, repo, workflow_of(out.path), report, m, *job, candidates[out.path], {}, {}, {}, {}};
    bool needs_id_token = std::find(report.blockers.begin(), report.blockers.end(),
                                    "no id-token: write") != report.blockers.end();
    plan_job(editor, needs_id_token);
    if (editor.refused()) {
      not_fixed(out, editor.refusal);
      continue;
    }
    for (auto& edit : editor.edits) {
      out.edits.push_back({out.path, std::move(edit)});
    }
    for (auto& edit : editor.other_files) {
      out.edits.push_back(std::move(edit));
    }
    out.notes = std::move(editor.notes);
  }

  // Apply, re-analyse, and drop any job whose edits do not check out; repeat
  // until what is left verifies.
  for (std::size_t round = 0; round <= plan.jobs.size(); ++round) {
    std::map<std::string, std::vector<TextEdit>> by_file;
    std::map<std::string, std::string> after;
    bool dropped = false;
    for (auto& out : plan.jobs) {
      if (out.status != JobOutcome::Status::fixed) {
        continue;
      }
      std::map<std::string, std::vector<TextEdit>> trial = by_file;
      for (const auto& edit : out.edits) {
        auto& list = trial[edit.path];
        bool same = std::any_of(list.begin(), list.end(), [&](const TextEdit& x) {
          return x.begin == edit.edit.begin && x.end == edit.edit.end && x.text == edit.edit.text;
        });
        if (!same) {
          list.push_back(edit.edit);
        }
      }
      bool ok = true;
      std::map<std::string, std::string> texts = after;
      for (const auto& [path, list] : trial) {
        auto original = repo.read(path);
        ok = ok && original && apply_edits(*original, list, &texts[path]);
      }
      if (!ok) {
        not_fixed(out, "its edits overlap another job's; run fix again after this one lands");
        dropped = true;
        continue;
      }
      by_file = std::move(trial);
      after = std::move(texts);
    }
    OverlayView edited(repo, after);
    auto again = workflow::analyze_repository(edited, rules, options.analysis);
    for (auto& out : plan.jobs) {
      if (out.status != JobOutcome::Status::fixed) {
        continue;
      }
      const core::JobReport* now = nullptr;
      for (const auto& workflow : again.workflows) {
        for (const auto& job : workflow.jobs) {
          if (workflow.path == out.path && job.id == out.job) {
            now = &job;
          }
        }
      }
      if (!now) {
        not_fixed(out, "the edited workflow did not parse again; no edit made");
        dropped = true;
      } else if (now->auth != core::Auth::oidc ||
                 now->trusted_publishing != core::Readiness::ready) {
        not_fixed(out, "the edits did not make the job ready (" +
                           std::string(core::to_string(now->auth)) +
                           (now->blockers.empty() ? "" : ", " + now->blockers.front()) + ")");
        dropped = true;
      }
    }
    // The diff shows its lines verbatim: no secret and no control character
    // (a terminal escape) may be among them.
    for (const auto& [path, text] : after) {
      auto before = repo.read(path);
      auto diff = before ? unified_diff(path, *before, text) : std::string();
      bool control = std::any_of(diff.begin(), diff.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7f;
      });
      bool secret = options.holds_secret && options.holds_secret(diff);
      if (!control && !secret) {
        continue;
      }
      for (auto& out : plan.jobs) {
        bool touches = std::any_of(out.edits.begin(), out.edits.end(),
                                   [&file = path](const FileEdit& e) { return e.path == file; });
        if (out.status == JobOutcome::Status::fixed && touches) {
          not_fixed(out, secret ? "a literal token is on the lines the change shows; remove it "
                                  "by hand and revoke it"
                                : "the lines the change shows hold control characters");
          dropped = true;
        }
      }
    }
    // A reusable workflow's group stands or falls together.
    for (const auto& out : plan.jobs) {
      if (out.group.empty() || out.status == JobOutcome::Status::fixed) {
        continue;
      }
      for (auto& other : plan.jobs) {
        if (other.group == out.group && other.status == JobOutcome::Status::fixed) {
          not_fixed(other, "changes together with " + out.path + " job " + out.job +
                               ", which could not be fixed: " + out.reason);
          dropped = true;
        }
      }
    }
    if (dropped) {
      continue;
    }
    for (const auto& [path, text] : after) {
      if (auto before = repo.read(path); before && *before != text) {
        plan.files.push_back({path, *before, text});
      }
    }
    break;
  }
  return plan;
}

}  // namespace nts::fix
