#pragma once

#include <string>

#include "fix/plan.hpp"

namespace nts::fix {

// The unified diff of every changed file, in path order (`git apply` input).
std::string render_diff(const FixPlan& plan);

// For people: what changed in each job and why, what was left and why, and
// the order that keeps releases working (trusted publisher first, merge,
// then disallow tokens and revoke). Repository text is escaped.
// `written`: the files were written (--write); otherwise the diff follows.
std::string render_text(const FixPlan& plan, bool written);

// `--format markdown`, for a pull request's job summary (the Action's
// fix-suggest mode): the explanation and the diff, each in a code fence that
// no text inside can close; repository text is escaped.
std::string render_markdown(const FixPlan& plan);

// One `git format-patch` style message (mbox) that `git am` applies to the
// repository: the From line, From/Date/Subject headers, the explanation as
// the message, the diff, and `base_commit` (the commit the plan was made on)
// as a base-commit trailer. `date` is an RFC 2822 date. Empty when the plan
// changes no file.
std::string render_patch(const FixPlan& plan, const std::string& base_commit,
                         const std::string& date);

// `--format json`: every job's outcome and each edit with its reason.
std::string render_json(const FixPlan& plan, bool written);

}  // namespace nts::fix
