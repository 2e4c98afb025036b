// The round trip of issue 20: `fix` on every workflow fixture in the
// repository (each fixture copied into an in-memory repository). For each:
// the result parses, every job fix claims to fix is then `auth: oidc` and
// ready, no job appears or disappears, a second fix changes nothing, and no
// line outside the planned edits changed.

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "fix/overlay_view.hpp"
#include "fix/plan.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "workflow/analyze.hpp"
#include "workflow/model.hpp"

using namespace nts;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  std::string name;
  core::MemoryRepoView repo;
};

void add_tree(core::MemoryRepoView& repo, const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    auto relative = fs::relative(path, dir).generic_string();
    if (relative == "expected.json") {
      continue;
    }
    auto text = test::read_file(path);
    if (relative == "remote.txt") {
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
      }
      repo.set_remote_url(text);
      continue;
    }
    repo.add(relative, text);
  }
}

// Every workflow fixture: tests/workflows/<case>/, each corpus workflow with
// a package.json, and this repository's own workflows.
std::vector<std::unique_ptr<Fixture>> all_fixtures() {
  std::vector<std::unique_ptr<Fixture>> out;
  fs::path root = fs::path(NTS_SOURCE_DIR) / "tests" / "workflows";
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && entry.path().filename() != "corpus") {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    auto f = std::make_unique<Fixture>();
    f->name = dir.filename().string();
    add_tree(f->repo, dir);
    out.push_back(std::move(f));
  }
  std::vector<fs::path> corpus;
  for (const auto& entry : fs::directory_iterator(root / "corpus")) {
    if (entry.path().extension() == ".yml" || entry.path().extension() == ".yaml") {
      corpus.push_back(entry.path());
    }
  }
  std::sort(corpus.begin(), corpus.end());
  for (const auto& file : corpus) {
    auto f = std::make_unique<Fixture>();
    f->name = "corpus/" + file.filename().string();
    f->repo.add(".github/workflows/" + file.filename().string(), test::read_file(file));
    f->repo.add("package.json",
                R"({"name": "widgets", "version": "1.4.2", "repository": {"type": "git", )"
                R"("url": "git+https://github.com/acme/widgets.git"}})");
    f->repo.set_remote_url("https://github.com/acme/widgets.git");
    out.push_back(std::move(f));
  }
  auto self = std::make_unique<Fixture>();
  self->name = "this repository";
  for (const auto& entry :
       fs::directory_iterator(fs::path(NTS_SOURCE_DIR) / ".github" / "workflows")) {
    self->repo.add(".github/workflows/" + entry.path().filename().string(),
                   test::read_file(entry.path()));
  }
  self->repo.add("package.json", test::read_file(fs::path(NTS_SOURCE_DIR) / "package.json"));
  out.push_back(std::move(self));
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto eol = text.find('\n', start);
    auto end = eol == std::string::npos ? text.size() : eol + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

// Independently of the edit machinery: the original lines that survive
// unchanged (an LCS of lines) must be every line no edit touches.
void check_only_edited_lines_changed(const std::string& before, const std::string& after,
                                     const std::vector<fix::TextEdit>& edits) {
  fix::Lines lines(before);
  std::set<std::size_t> touched;
  for (const auto& edit : edits) {
    if (edit.end > edit.begin) {
      for (auto l = lines.line_of(edit.begin); l <= lines.line_of(edit.end - 1); ++l) {
        touched.insert(l);
      }
    }
  }
  auto a = split_lines(before), b = split_lines(after);
  std::vector<std::vector<unsigned>> lcs(a.size() + 1, std::vector<unsigned>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::size_t i = 0, j = 0;
  while (i < a.size()) {
    if (j < b.size() && a[i] == b[j]) {
      ++i, ++j;
    } else if (j < b.size() && lcs[i][j + 1] >= lcs[i + 1][j]) {
      ++j;
    } else {
      INFO("original line " << i + 1 << ": " << a[i]);
      CHECK(touched.count(i) == 1);
      ++i;
    }
  }
}

}  // namespace

TEST_CASE("fix round trip over every workflow fixture") {
  const auto& rules = test::builtin_rules();
  int fixed_jobs = 0, left_jobs = 0;
  for (const auto& fixture : all_fixtures()) {
    INFO("fixture " << fixture->name);
    auto before = workflow::analyze_repository(fixture->repo, rules);
    auto plan = fix::plan_fix(fixture->repo, rules, {});
    std::map<std::string, std::string> after;
    for (const auto& file : plan.files) {
      after[file.path] = file.after;
      INFO("file " << file.path);
      if (file.path.rfind(".github/workflows/", 0) == 0) {
        CHECK(static_cast<bool>(workflow::parse_workflow(file.path, file.after)));
      }
      std::vector<fix::TextEdit> edits;
      for (const auto& job : plan.jobs) {
        for (const auto& edit : job.edits) {
          if (edit.path == file.path) {
            edits.push_back(edit.edit);
          }
        }
      }
      CHECK_FALSE(edits.empty());
      check_only_edited_lines_changed(file.before, file.after, edits);
    }
    fix::OverlayView edited(fixture->repo, after);
    auto again = workflow::analyze_repository(edited, rules);
    // The same workflows and jobs, in the same order.
    REQUIRE(again.workflows.size() == before.workflows.size());
    for (std::size_t w = 0; w < before.workflows.size(); ++w) {
      REQUIRE(again.workflows[w].jobs.size() == before.workflows[w].jobs.size());
      for (std::size_t j = 0; j < before.workflows[w].jobs.size(); ++j) {
        CHECK(again.workflows[w].jobs[j].id == before.workflows[w].jobs[j].id);
      }
    }
    for (const auto& job : plan.jobs) {
      INFO("job " << job.path << " " << job.job << ": " << job.reason);
      if (job.status == fix::JobOutcome::Status::not_fixed) {
        CHECK_FALSE(job.reason.empty());
        ++left_jobs;
        continue;
      }
      if (job.status != fix::JobOutcome::Status::fixed) {
        continue;
      }
      ++fixed_jobs;
      for (const auto& workflow : again.workflows) {
        for (const auto& now : workflow.jobs) {
          if (workflow.path == job.path && now.id == job.job) {
            CHECK(now.auth == core::Auth::oidc);
            CHECK(now.trusted_publishing == core::Readiness::ready);
            CHECK(now.token_sources.empty());
          }
        }
      }
    }
    auto second = fix::plan_fix(edited, rules, {});
    CHECK(second.files.empty());
  }
  // The fixtures hold jobs of both kinds; a round trip over nothing proves nothing.
  CHECK(fixed_jobs >= 10);
  CHECK(left_jobs >= 10);
}
