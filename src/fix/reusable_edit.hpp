#pragma once

#include <functional>
#include <string>
#include <vector>

#include "fix/plan.hpp"
#include "workflow/analyze.hpp"

namespace nts::fix {

// The workflow files as fix reads them: nullptr, with `*why`, when one does
// not load as a single YAML document.
using LayoutSource = std::function<const Layout*(const std::string& path, std::string* why)>;

// A reusable workflow in this repository and every job that calls it change
// together: the callee's publishing job as any job (id-token where it has its
// own permissions, Node/npm, the token off its publish path) plus the
// `on.workflow_call.secrets` entries it no longer reads, and each caller's
// `id-token: write` and the `secrets:` entries that passed the token. Planned
// only when the analysis resolved the callee's one publishing job, the callee
// runs only through `workflow_call`, and every caller is a job of this
// repository that the analysis linked to it directly (no nesting); the
// members of a group get `group` = the callee's path and stand or fall
// together. Otherwise each keeps a reason. `outcomes` are plan_fix's, in
// report order.
void plan_reusable_groups(const core::RepoView& repo, const workflow::Analysis& analysis,
                          const LayoutSource& layout_of, std::vector<JobOutcome>& outcomes);

}  // namespace nts::fix
