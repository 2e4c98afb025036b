#pragma once

#include <vector>

#include "core/finding.hpp"
#include "rules/rule_set.hpp"
#include "workflow/job_analysis.hpp"

namespace nts::workflow {

// The findings of one analysed job (rules with engine: workflow), each at the
// exact line and column of its evidence.
std::vector<core::Finding> job_findings(const JobAnalysis& job, const FileContext& ctx,
                                        const rules::RuleSet& rules);

}  // namespace nts::workflow
