#include "workflow/rules/rule_test_job.hpp"

#include <algorithm>

#include "core/repo_view.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "workflow/analyze.hpp"

namespace nts::workflow::test {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& part) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& item) { return item.find(part) != std::string::npos; });
}

}  // namespace

bool RuleOutcome::has_blocker(const std::string& part) const {
  return contains(job.blockers, part);
}

bool RuleOutcome::has_advice(const std::string& part) const {
  return contains(job.advice, part);
}

bool RuleOutcome::has_finding(const std::string& rule_id) const {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const core::Finding& f) { return f.rule_id == rule_id; });
}

std::size_t RuleOutcome::advice_at(const std::string& part) const {
  auto it = std::find_if(job.advice.begin(), job.advice.end(), [&](const std::string& item) {
    return item.find(part) != std::string::npos;
  });
  return static_cast<std::size_t>(it - job.advice.begin());
}

std::string publish_workflow(const std::string& job_lines, const std::string& steps,
                             const std::string& publish, const std::string& head) {
  return head + "jobs:\n  publish:\n" + job_lines + "    steps:\n" + steps +
         "      - run: " + publish + "\n";
}

RuleOutcome analyse_job(const std::string& text, Files files, const std::string& path) {
  core::MemoryRepoView repo;
  repo.add(path, text);
  if (std::none_of(files.begin(), files.end(),
                   [](const auto& f) { return f.first == "package.json"; })) {
    files.emplace_back("package.json",
                       R"({"name": "widgets", "repository": "github:acme/widgets"})");
  }
  for (auto& [file, content] : files) {
    repo.add(file, content);
  }
  repo.set_remote_url("git@github.com:acme/widgets.git");
  auto analysis = analyze_repository(repo, nts::test::builtin_rules());
  INFO(text);
  REQUIRE(analysis.issues.empty());
  REQUIRE(analysis.workflows.size() == 1);
  REQUIRE(!analysis.workflows[0].jobs.empty());
  return RuleOutcome{analysis.workflows[0].jobs[0], analysis.findings};
}

}  // namespace nts::workflow::test
