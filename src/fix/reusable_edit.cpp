#include "fix/reusable_edit.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace nts::fix {
namespace {

const workflow::JobMechanics* mechanics_of(const workflow::Analysis& analysis,
                                           const std::string& path, const std::string& job) {
  for (const auto& m : analysis.mechanics) {
    if (m.path == path && m.job == job) {
      return &m;
    }
  }
  return nullptr;
}

// Whether the workflow runs only when called (`on: workflow_call`, alone).
bool only_called(const Layout& layout) {
  auto on = Layout::entry(layout.root(), "on");
  if (!on) {
    return false;
  }
  const auto& v = on->value;
  if (v.IsScalar()) {
    return v.Scalar() == "workflow_call";
  }
  if (v.IsSequence() && v.size() == 1 && v[0].IsScalar()) {
    return v[0].Scalar() == "workflow_call";
  }
  return v.IsMap() && v.size() == 1 && Layout::entry(v, "workflow_call").has_value();
}

// Whether `secrets.NAME` is still read in `text` outside the removed ranges.
bool reads_secret(const std::string& text, const std::string& name,
                  const std::vector<TextEdit>& edits) {
  std::string needle = "secrets." + name;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    auto end = at + needle.size();
    if (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                              text[end] == '_' || text[end] == '-')) {
      continue;
    }
    bool removed = std::any_of(edits.begin(), edits.end(), [&](const TextEdit& e) {
      return e.text.empty() && at >= e.begin && at < e.end;
    });
    if (!removed) {
      return true;
    }
  }
  return false;
}

struct Member {
  JobOutcome* outcome = nullptr;
  const core::WorkflowReport* workflow = nullptr;
  const core::JobReport* report = nullptr;
  const workflow::JobMechanics* mechanics = nullptr;
};

class Group {
 public:
  Group(const core::RepoView& repo, const LayoutSource& layout_of)
      : m_repo(repo), m_layout_of(layout_of) {}

  // Plans the callee `callee` and its `callers`; "" when every edit is planned.
  std::string plan(const Member& callee, const std::vector<Member>& callers) {
    std::string why;
    const Layout* layout = m_layout_of(callee.workflow->path, &why);
    if (!layout) {
      return why;
    }
    if (!only_called(*layout)) {
      return "the reusable workflow " + callee.workflow->path +
             " also runs on its own triggers; change it and its callers by hand";
    }
    auto editor = editor_for(*layout, callee, &why);
    if (!editor) {
      return why;
    }
    // Without permissions of its own the callee inherits its callers' grant.
    bool own = Layout::entry(editor->job.value, "permissions") ||
               Layout::entry(layout->root(), "permissions");
    plan_job(*editor, own && needs_id_token(*callee.report));
    if (editor->refused()) {
      return editor->refusal;
    }
    // The secrets the callee's token came from, and whether it still reads them.
    std::set<std::string> dropped;
    for (const auto& token : callee.report->token_sources) {
      if (token.from.rfind("secrets.", 0) != 0) {
        continue;
      }
      auto name = token.from.substr(8);
      if (reads_secret(layout->text(), name, editor->edits)) {
        return "the reusable workflow still reads secrets." + name + " for something else";
      }
      dropped.insert(name);
    }
    drop_declarations(*editor, dropped);
    if (editor->refused()) {
      return editor->refusal;
    }
    take(callee, *editor);
    for (const auto& caller : callers) {
      if (auto refused = plan_caller(caller, dropped); !refused.empty()) {
        return refused;
      }
    }
    return {};
  }

  std::map<JobOutcome*, std::vector<FileEdit>> edits;
  std::map<JobOutcome*, std::vector<std::string>> notes;

 private:
  static bool needs_id_token(const core::JobReport& report) {
    return std::find(report.blockers.begin(), report.blockers.end(), "no id-token: write") !=
           report.blockers.end();
  }

  std::optional<JobEditor> editor_for(const Layout& layout, const Member& m, std::string* why) {
    auto job = editable_job(layout, m.report->id, why);
    if (!job) {
      return std::nullopt;
    }
    return JobEditor{layout, m_repo, *m.workflow, *m.report, *m.mechanics, *job, {m.report->id},
                     {},     {},     {},          {}};
  }

  // `on.workflow_call.secrets` entries for secrets nothing reads any more: a
  // caller no longer passes them, and a required one would fail the call.
  static void drop_declarations(JobEditor& e, const std::set<std::string>& names) {
    auto on = Layout::entry(e.layout.root(), "on");
    auto call = on && on->value.IsMap() ? Layout::entry(on->value, "workflow_call") : std::nullopt;
    auto secrets =
        call && call->value.IsMap() ? Layout::entry(call->value, "secrets") : std::nullopt;
    if (!secrets || !secrets->value.IsMap()) {
      return;
    }
    std::vector<Layout::Entry> declared;
    for (const auto& name : names) {
      if (auto entry = Layout::entry(secrets->value, name)) {
        declared.push_back(*entry);
      }
    }
    std::string reason =
        "the reusable workflow no longer reads this secret; its callers stop passing it";
    if (!declared.empty() && declared.size() == secrets->value.size()) {
      auto lines = e.layout.entry_lines(*secrets);
      if (!lines) {
        e.refuse("the reusable workflow's secrets: do not start their own line");
        return;
      }
      e.remove_lines(*lines, reason);
      return;
    }
    for (const auto& entry : declared) {
      e.remove_entry(*secrets, entry, reason);
    }
  }

  std::string plan_caller(const Member& caller, const std::set<std::string>& dropped) {
    std::string why;
    const Layout* layout = m_layout_of(caller.workflow->path, &why);
    if (!layout) {
      return why;
    }
    auto editor = editor_for(*layout, caller, &why);
    if (!editor) {
      return why;
    }
    if (needs_id_token(*caller.report)) {
      // The callee inherits the caller's grant: a new job-level block under
      // the repository default would narrow what the callee may do.
      if (!Layout::entry(editor->job.value, "permissions") &&
          !Layout::entry(layout->root(), "permissions")) {
        return "caller job '" + caller.report->id + "' in " + caller.workflow->path +
               " runs with the repository's default permissions, which the reusable workflow "
               "inherits; give it a permissions block with the scopes the callee needs and "
               "id-token: write";
      }
      plan_id_token(*editor);
    }
    auto secrets = Layout::entry(editor->job.value, "secrets");
    for (const auto& token : caller.report->token_sources) {
      if (token.line <= 0 || token.name.rfind("secrets.", 0) != 0) {
        continue;  // `secrets: inherit`, or what the callee took from elsewhere
      }
      auto name = token.name.substr(8);
      auto entry =
          secrets && secrets->value.IsMap() ? Layout::entry(secrets->value, name) : std::nullopt;
      if (!dropped.count(name) || !entry) {
        return "caller job '" + caller.report->id + "' passes " + token.name +
               " in a way fix cannot remove";
      }
      editor->remove_entry(*secrets, *entry,
                           "the reusable workflow no longer reads " + name +
                               "; passing the long-lived token keeps it one step from npm");
    }
    if (editor->refused()) {
      return editor->refusal;
    }
    take(caller, *editor);
    return {};
  }

  void take(const Member& m, JobEditor& e) {
    auto& list = edits[m.outcome];
    for (auto& edit : e.edits) {
      list.push_back({m.workflow->path, std::move(edit)});
    }
    for (auto& edit : e.other_files) {
      list.push_back(std::move(edit));
    }
    auto& n = notes[m.outcome];
    n.insert(n.end(), e.notes.begin(), e.notes.end());
  }

  const core::RepoView& m_repo;
  const LayoutSource& m_layout_of;
};

}  // namespace

void plan_reusable_groups(const core::RepoView& repo, const workflow::Analysis& analysis,
                          const LayoutSource& layout_of, std::vector<JobOutcome>& outcomes) {
  auto find = [&](const std::string& path, const std::string& id) -> Member {
    Member m;
    for (auto& out : outcomes) {
      if (out.path == path && out.job == id) {
        m.outcome = &out;
      }
    }
    for (const auto& w : analysis.workflows) {
      for (const auto& j : w.jobs) {
        if (w.path == path && j.id == id) {
          m.workflow = &w;
          m.report = &j;
        }
      }
    }
    m.mechanics = mechanics_of(analysis, path, id);
    return m;
  };
  // Callers by callee file, as the analysis linked them.
  std::map<std::string, std::vector<Member>> callers;
  for (const auto& m : analysis.mechanics) {
    if (m.reusable_call && !m.callee_path.empty()) {
      callers[m.callee_path].push_back(find(m.path, m.job));
    }
  }
  for (const auto& entry : callers) {
    const std::string& callee_path = entry.first;
    const std::vector<Member>& calls = entry.second;
    std::vector<Member> publishing;
    for (const auto& w : analysis.workflows) {
      for (const auto& j : w.jobs) {
        if (w.path == callee_path && j.publishes_npm != core::Publishes::no) {
          publishing.push_back(find(w.path, j.id));
        }
      }
    }
    std::vector<JobOutcome*> members;
    for (const auto& c : calls) {
      members.push_back(c.outcome);
    }
    if (publishing.size() == 1) {
      members.push_back(publishing.front().outcome);
    }
    auto leave = [&](const std::string& why) {
      for (auto* out : members) {
        if (out && (out->status == JobOutcome::Status::not_fixed ||
                    out->status == JobOutcome::Status::fixed)) {
          out->status = JobOutcome::Status::not_fixed;
          out->reason = "reusable workflow " + callee_path + ": " + why;
          out->edits.clear();
        }
      }
    };
    if (publishing.size() != 1) {
      leave("it has " + std::to_string(publishing.size()) +
            " publishing jobs; fix changes one publishing job per reusable workflow");
      continue;
    }
    const Member& callee = publishing.front();
    bool selected = callee.outcome && callee.outcome->status != JobOutcome::Status::not_selected;
    if (!callee.outcome || !callee.report || !callee.mechanics || !selected) {
      continue;
    }
    const auto& r = *callee.report;
    const auto& m = *callee.mechanics;
    bool token = r.auth == core::Auth::token || r.auth == core::Auth::hybrid;
    if (!token) {
      continue;  // no token in the callee: each caller is judged on its own
    }
    std::string blocker = unfixable_blocker(r, m);
    if (r.publishes_npm != core::Publishes::yes || m.reusable_call) {
      leave("the analysis did not resolve its publish to one npm publish in the file");
      continue;
    }
    if (!blocker.empty()) {
      leave("blocked: " + blocker);
      continue;
    }
    if (!m.clients_supported && !m.clients_upgradable) {
      leave("the publishing tool's trusted publishing support is not confirmed");
      continue;
    }
    // Every chain the analysis found must be one of these direct callers.
    bool direct = r.called_from.size() == calls.size() &&
                  std::all_of(r.called_from.begin(), r.called_from.end(),
                              [](const auto& chain) { return chain.size() == 1; });
    bool complete = std::all_of(calls.begin(), calls.end(), [](const Member& c) {
      return c.outcome && c.report && c.mechanics && !c.mechanics->in_workflow_call &&
             c.outcome->status != JobOutcome::Status::not_selected;
    });
    if (!direct || !complete) {
      leave("it is reached through nested calls or callers fix cannot change with it");
      continue;
    }
    Group group(repo, layout_of);
    if (auto why = group.plan(callee, calls); !why.empty()) {
      leave(why);
      continue;
    }
    for (auto* out : members) {
      out->status = JobOutcome::Status::fixed;
      out->reason.clear();
      out->group = callee_path;
      out->edits = group.edits[out];
      out->notes = group.notes[out];
    }
    callee.outcome->notes.push_back("The reusable workflow " + callee_path +
                                    " and every job that calls it change together; npm's "
                                    "trusted publisher names the calling workflow's file.");
  }
}

}  // namespace nts::fix
