#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/repo_view.hpp"
#include "core/workflow_report.hpp"
#include "fix/yaml_layout.hpp"
#include "workflow/analyze.hpp"

namespace nts::fix {

// An edit in a file other than the job's workflow (a Node version file,
// package.json).
struct FileEdit {
  std::string path;
  TextEdit edit;
};

// What one job's migration changes, planned against the original text. When
// a step finds something it cannot change safely it sets `refusal` ("the job
// is written as a flow mapping") and the job is left untouched.
struct JobEditor {
  const Layout& layout;
  const core::RepoView& repo;
  const core::WorkflowReport& workflow;
  const core::JobReport& report;
  const workflow::JobMechanics& mechanics;
  Layout::Entry job;                  // the job's key and mapping
  std::set<std::string> fixing_jobs;  // jobs of this file being fixed in the same run
  std::vector<TextEdit> edits;        // in the workflow file
  std::vector<FileEdit> other_files;
  std::vector<std::string> notes;  // what a reviewer should check
  std::string refusal;

  void refuse(std::string why) {
    if (refusal.empty()) {
      refusal = std::move(why);
    }
  }
  bool refused() const { return !refusal.empty(); }
  // A whole new line at the start of `line` (indentation included in `text`,
  // the file's line ending added).
  void insert_line(std::size_t line, const std::string& text, std::string reason);
  void remove_lines(const Layout::LineRange& lines, std::string reason);
  // Removes `entry` from the block mapping `parent`, or `parent` itself when
  // `entry` is its only entry.
  void remove_entry(const Layout::Entry& parent, const Layout::Entry& entry,
                    const std::string& reason);
  void replace(std::size_t begin, std::size_t end, std::string text, std::string reason);
};

// plan.cpp: the job `id` of the workflow in `layout`, when it is a block
// mapping fix may edit (no flow style, no anchor, alias or merge key in it);
// nullopt with `*why` otherwise.
std::optional<Layout::Entry> editable_job(const Layout& layout, const std::string& id,
                                          std::string* why);

// plan.cpp: every planner on one job (id-token only when `id_token`).
void plan_job(JobEditor& editor, bool id_token);

// plan.cpp: the first of the job's blockers fix does not remove; "" when fix
// removes them all.
std::string unfixable_blocker(const core::JobReport& job, const workflow::JobMechanics& m);

// permissions_edit.cpp: `id-token: write` in the job's permissions, copying
// the effective workflow-level (or default) permissions into a new block.
void plan_id_token(JobEditor& editor);

// runtime_edit.cpp: npm >= 11.5.1 on Node >= 22.14 for the publish.
void plan_npm_runtime(JobEditor& editor);

// token_edit.cpp: the long-lived token off the publish path.
void plan_token_removal(JobEditor& editor);

// release_tool_edit.cpp: release tools pinned below their first version that
// publishes with trusted publishing, raised where the pin is written
// (package.json, `npx tool@N`, an action's ref or version input).
void plan_tool_upgrades(JobEditor& editor);

// The step at `index` of the job's block list of steps, its lines (from
// its `- `) and its dash's column; nullopt, with a refusal saying `what`
// could not be located, when there is no such step or it does not start its
// own line.
struct StepItem {
  YAML::Node node;
  Layout::LineRange lines;
  int dash = 0;
};
std::optional<StepItem> step_item(JobEditor& editor, std::size_t index, const std::string& what);

}  // namespace nts::fix
