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

1. add \`permissions: id-token: write\`
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
