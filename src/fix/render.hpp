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

// `--format json`: every job's outcome and each edit with its reason.
std::string render_json(const FixPlan& plan, bool written);

}  // namespace nts::fix
