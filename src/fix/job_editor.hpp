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
  void replace(std::size_t begin, std::size_t end, std::string text, std::string reason);
};

// permissions_edit.cpp: `id-token: write` in the job's permissions, copying
// the effective workflow-level (or default) permissions into a new block.
void plan_id_token(JobEditor& editor);

// runtime_edit.cpp: npm >= 11.5.1 on Node >= 22.14 for the publish.
void plan_npm_runtime(JobEditor& editor);

// token_edit.cpp: the long-lived token off the publish path.
void plan_token_removal(JobEditor& editor);

}  // namespace nts::fix
