#include <sstream>

#include "report/report.hpp"
#include "report/test_report.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

TEST_CASE("markdown: counts, leaks, workflow tables and migration steps") {
  auto rules = report::test::sample_rules();
  report::RenderOptions options;
  options.rules = &rules;
  std::ostringstream out;
  report::write_markdown(out, report::test::sample_report(), options);
  CHECK(out.str() == R"(## npm-token-scan

**3 findings** (1 high, 1 medium, 1 info) in 7 files · 2 workflows · 1 publishing job (1 token)

### Findings

| Severity | Rule | Location | Value (redacted) | What to do |
|---|---|---|---|---|
| high | npm access token `npm-access-token` | `packages/cli/.npmrc:1:34` | `npm_Ab…(redacted, 40 chars)` | npm access token committed<br>commit `89abcdef0123` (deleted since, still in history)<br>**Fix:** revoke it now |
| medium | `workflow-long-lived-token` | `.github/workflows/release.yml:12:9` |  | job 'release' publishes with NODE\_AUTH\_TOKEN from secrets.NPM\_TOKEN<br>**Fix:** switch to trusted publishing |
| info | npm token reference `npm-token-reference` | `.npmrc:1:34` | `${NPM_TOKEN}` | \_authToken takes its value from ${NPM\_TOKEN}<br>**Fix:** publish with trusted publishing |

### Publishing workflows

#### `.github/workflows/release.yml`

| Job | Publishes | Auth | Trusted publishing | Blockers |
|---|---|---|---|---|
| `release` | yes | token | needs-changes | no id-token: write permission |
| `test` | no | none | not-applicable |  |

### Migrating to trusted publishing

#### `.github/workflows/release.yml` job `release`

1. add `permissions: id-token: write`
2. remove NODE\_AUTH\_TOKEN

Trusted publisher on npmjs.com: owner `acme`, repository `widgets`, workflow `release.yml`, environment (none)

```sh
npm trust github widgets --file release.yml --repo acme/widgets
```

)");
}

TEST_CASE("markdown: a clean scan says so") {
  core::ScanReport report;
  report.stats.files_scanned = 1;
  std::ostringstream out;
  report::write_markdown(out, report, {});
  CHECK(out.str() ==
        "## npm-token-scan\n\n**0 findings** in 1 file · 0 workflows · 0 publishing jobs\n\n"
        "### Findings\n\nNo leaked or referenced npm credentials.\n\n");
}

TEST_CASE("markdown: text from the repository cannot add markup, cells or lines") {
  CHECK(report::markdown_escape("a|b <img src=x> [link](http://x) *em* _u_ ~s~ &amp; \\") ==
        "a\\|b \\<img src=x\\> \\[link\\](http://x) \\*em\\* \\_u\\_ \\~s\\~ \\&amp; \\\\");
  CHECK(report::markdown_escape("two\nlines\r") == "two\\\\nlines\\\\r");
  CHECK(report::markdown_code("a|b") == "`a\\|b`");
  CHECK(report::markdown_code("x``y") == "```x``y```");
  CHECK(report::markdown_code("`start") == "`` `start ``");
  CHECK(report::markdown_code("new\nline") == "`new\\nline`");
}

namespace {

// Strict CommonMark check of inline code on each line (outside fenced blocks):
// every backtick run that is not backslash-escaped opens a span that a run of
// the same length closes on the same line, and no span is empty.
std::string unbalanced_code_span(const std::string& markdown) {
  std::istringstream lines(markdown);
  std::string line;
  bool fenced = false;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      continue;
    }
    std::size_t i = 0;
    std::size_t open = 0;  // length of the open span's run; 0 outside a span
    std::size_t opened_at = 0;
    while (i < line.size()) {
      if (open == 0 && line[i] == '\\') {
        i += 2;
        continue;
      }
      if (line[i] != '`') {
        ++i;
        continue;
      }
      std::size_t run = 0;
      while (i + run < line.size() && line[i + run] == '`') {
        ++run;
      }
      if (open == 0) {
        open = run;
        opened_at = i + run;
      } else if (run == open) {
        if (line.find_first_not_of(' ', opened_at) >= i) {
          return "empty code span: " + line;
        }
        open = 0;
      }
      i += run;
    }
    if (open != 0) {
      return "unclosed code span: " + line;
    }
  }
  return {};
}

}  // namespace

TEST_CASE("markdown: advice code renders as code, an unknown repository says why") {
  auto report = report::test::sample_report();
  auto& job = report.workflows.front().jobs.front();
  job.advice = {"Add `permissions: id-token: write` to job 'a`b|c'", "Remove `x` and `y` (line 3)",
                "one ` alone"};
  job.trusted_publisher->owner.clear();
  job.trusted_publisher->repository.clear();
  job.trusted_publisher->commands = {
      "npm trust github 'a' --file release.yml --repo <owner>/<repo>",
      "npm trust github 'b' --file release.yml --repo <owner>/<repo>"};
  std::ostringstream out;
  report::write_markdown(out, report, {});
  auto text = out.str();
  CHECK(unbalanced_code_span(text).empty());
  CHECK(text.find("1. Add `permissions: id-token: write` to job 'a\\`b\\|c'\n") !=
        std::string::npos);
  CHECK(text.find("2. Remove `x` and `y` (line 3)\n") != std::string::npos);
  CHECK(text.find("3. one \\` alone\n") != std::string::npos);
  CHECK(text.find("owner `") == std::string::npos);
  CHECK(text.find("Trusted publisher on npmjs.com: owner and repository unknown (no GitHub remote, "
                  "and no GitHub `repository.url` in package.json): use `<owner>` and `<repo>`, "
                  "workflow `release.yml`") != std::string::npos);
  // One `npm trust` line per package, in one block.
  CHECK(text.find("```sh\nnpm trust github 'a' --file release.yml --repo <owner>/<repo>\n"
                  "npm trust github 'b' --file release.yml --repo <owner>/<repo>\n```") !=
        std::string::npos);
}

TEST_CASE("markdown: the code span check catches a broken span") {
  CHECK_FALSE(unbalanced_code_span("owner ``\n").empty());
  CHECK_FALSE(unbalanced_code_span("owner ` `, repository\n").empty());
  CHECK_FALSE(unbalanced_code_span("a `b\n").empty());
  CHECK(unbalanced_code_span("a \\`b and `c`\n```sh\n`x\n```\n").empty());
}

TEST_CASE("markdown and text: each provider's trusted-publisher fields in its own words") {
  auto report = report::test::sample_report();
  auto& tp = *report.workflows.front().jobs.front().trusted_publisher;
  tp.provider = core::Provider::gitlab;
  tp.owner = "acme/tools";
  tp.repository = "widgets";
  tp.workflow = "ci/main.yml";
  tp.environment = "npm";
  std::ostringstream markdown, text;
  report::write_markdown(markdown, report, {});
  report::write_text(text, report, {});
  CHECK(markdown.str().find("Trusted publisher on npmjs.com: namespace `acme/tools`, project "
                            "`widgets`, top-level CI file `ci/main.yml`, environment `npm`") !=
        std::string::npos);
  CHECK(text.str().find("namespace acme/tools, project widgets, top-level CI file ci/main.yml, "
                        "environment npm") != std::string::npos);

  tp.provider = core::Provider::circleci;
  tp.owner.clear();
  tp.repository.clear();
  tp.workflow = ".circleci/config.yml";
  tp.environment.reset();
  tp.contexts = {"release", "npm"};
  markdown.str("");
  report::write_markdown(markdown, report, {});
  CHECK(markdown.str().find("replace the `<…>` placeholders, config `.circleci/config.yml`, "
                            "contexts `release`, `npm`\n") != std::string::npos);
  CHECK(markdown.str().find("environment") == std::string::npos);
}
