#pragma once

#include "workflow/context.hpp"
#include "workflow/facts.hpp"

namespace nts::workflow {

// Walks a job's steps in order: publish commands in `run:` (shell-split,
// package.json scripts followed two levels), publishing actions, calls of
// reusable workflows, `npm whoami` pre-checks, npm upgrades, .npmrc writes and
// setup-node/pnpm/bun setup. Dry runs are not publishes.
JobFacts scan_job(const FileContext& ctx, const Job& job);

// `owner/repo/path@ref` -> ("owner/repo/path", "ref").
std::pair<std::string, std::string> split_uses(const std::string& uses);

}  // namespace nts::workflow
