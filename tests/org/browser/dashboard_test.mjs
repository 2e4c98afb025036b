// The org dashboard in headless Chromium (issue 17), at 1400 and 390 CSS px:
// the numbers, natural order, the filter (typed, by blocker kind, from #q=),
// the collapsible plans, no horizontal scrolling on a phone, a CSP that lets
// the dashboard's own script run and nothing a hostile repository name
// carries, and 1,000 repositories rendering. Usage: node dashboard_test.mjs BINARY WORKDIR
// (NTS_TODAY=2026-12-02 pins the deadline: 30 days).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Browser, findChromium } from "./cdp.mjs";
import { entry, sampleReport } from "./sample_report.mjs";

const [binary, work] = process.argv.slice(2);
const version = execFileSync(binary, ["--version"]).toString().match(/\d+\.\d+\.\d+\S*/)[0];
let failures = 0;
function check(what, actual, wanted) {
  const ok = JSON.stringify(actual) === JSON.stringify(wanted);
  if (!ok) failures++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}: ${JSON.stringify(actual)}${ok ? "" : ` (wanted ${JSON.stringify(wanted)})`}`);
}

// A report through `merge`, as a shard's report would be rendered.
function render(report, name) {
  const json = join(work, `${name}.json`);
  const html = join(work, `${name}.html`);
  writeFileSync(json, JSON.stringify(report));
  execFileSync(binary, ["merge", json, "--format", "html", "--fail-on", "never", "--output", html],
               { stdio: ["ignore", "ignore", "inherit"] });
  return `file://${html}`;
}

const hostileName = 'acme/<img src=x onerror="window.__pwned=1">';
const hostile = entry("/srv/git/hostile", hostileName, "token",
                      ["self-hosted runner (<script>window.__pwned=2</script>)"]);
hostile.workflows[0].jobs[1].id = "job');window.__pwned=3;//";
const { report, expected } = sampleReport(12, [hostile]);
const url = render(report, "dashboard");

const visibleJobs = `[...document.querySelectorAll("#jobs tbody tr")].filter(r => !r.hidden).length`;
const text = (id) => `document.getElementById(${JSON.stringify(id)}).textContent`;
const browser = await Browser.launch(findChromium());
try {
  for (const [width, height] of [[1400, 900], [390, 844]]) {
    const at = `${width}px:`;
    const page = await browser.page(width, height);
    await page.goto(url);
    check(`${at} repositories`, await page.eval(text("repositories")), "13");
    check(`${at} token jobs`, await page.eval(text("jobs-token")), String(expected.token + 1));
    check(`${at} hybrid jobs`, await page.eval(text("jobs-hybrid")), String(expected.hybrid));
    check(`${at} OIDC jobs`, await page.eval(text("jobs-oidc")), String(expected.oidc));
    check(`${at} leaks`, await page.eval(text("leaks")), String(expected.leaks));
    check(`${at} days left`, await page.eval(text("days-left")), "30");
    check(`${at} jobs breaking`, await page.eval(text("jobs-breaking")), String(expected.token + 1));
    // merge stamps the report with its own version.
    check(`${at} tool version`, await page.eval(text("tool-version")), version);
    check(`${at} blocker kind count`, await page.eval(
        `[...document.querySelectorAll("button.kind")].filter(b => b.dataset.q === "no id-token: write")
           .map(b => b.querySelector(".kind-count").textContent)`), [String(expected.noIdToken)]);
    // The script ran (the CSP hash matched) and filled every count.
    check(`${at} jobs shown`, await page.eval(text("jobs-shown")), String(expected.jobs + 1));
    check(`${at} repositories shown`, await page.eval(text("all-shown")), "13");
    check(`${at} natural order`, await page.eval(
        `[...document.querySelectorAll("#jobs tbody tr")].map(r => r.cells[0].textContent)
           .filter(n => n.startsWith("acme/tool-")).join(",")`),
        Array.from({ length: 12 }, (_, i) => `acme/tool-${i + 1}`).join(","));
    check(`${at} hostile name shown as text`, await page.eval(
        `[...document.querySelectorAll("#jobs tbody tr")].some(r => r.cells[0].textContent === ${JSON.stringify(hostileName)})`), true);
    check(`${at} no script from repository text ran`, await page.eval(`String(window.__pwned)`), "undefined");
    check(`${at} no horizontal scrolling`, await page.eval(
        `document.documentElement.scrollWidth <= window.innerWidth`), true);
    if (width < 500) {
      check(`${at} job rows stacked`, await page.eval(
          `getComputedStyle(document.querySelector("#jobs thead")).display`), "none");
    }
    // Typing in the filter box: every word must match a row's summary cells.
    check(`${at} filter "tool-1"`, await page.eval(`(() => { const box = document.getElementById("filter");
        box.value = "tool-1"; box.dispatchEvent(new Event("input")); return ${visibleJobs}; })()`), 4);
    check(`${at} filter count`, await page.eval(text("jobs-shown")), "4");
    // Any case; "token" is in the auth of tool-1 and tool-10 and a blocker of tool-11 (hybrid).
    check(`${at} filter "TOKEN tool-1"`, await page.eval(`(() => { const box = document.getElementById("filter");
        box.value = "TOKEN tool-1"; box.dispatchEvent(new Event("input")); return ${visibleJobs}; })()`), 3);
    check(`${at} blocker kind button`, await page.eval(`(() => {
        [...document.querySelectorAll("button.kind")].find(b => b.dataset.q === "no id-token: write").click();
        return ${visibleJobs}; })()`), expected.noIdToken);
    // A filtered link handed to a team.
    await page.goto("about:blank");
    await page.goto(`${url}#q=tool-11`);
    check(`${at} #q= filter`, await page.eval(visibleJobs), 1);
    check(`${at} #q= fills the box`, await page.eval(`document.getElementById("filter").value`), "tool-11");
    // The plan opens: numbered steps and one npm trust command per package.
    check(`${at} plan`, await page.eval(`(() => {
        const row = [...document.querySelectorAll("#jobs tbody tr")].find(r => !r.hidden);
        const details = row.querySelector("details"); details.querySelector("summary").click();
        return [details.open, details.querySelectorAll("li").length, details.querySelectorAll("pre").length,
                details.querySelector("pre").getBoundingClientRect().width > 0]; })()`), [true, 3, 2, true]);
    check(`${at} no horizontal scrolling with a plan open`, await page.eval(
        `document.documentElement.scrollWidth <= window.innerWidth`), true);
    check(`${at} sort by repository, descending`, await page.eval(`(() => {
        document.getElementById("filter").value = ""; document.getElementById("filter").dispatchEvent(new Event("input"));
        const th = document.querySelector("#jobs th"); th.click(); th.click();
        return document.querySelector("#jobs tbody tr").cells[0].textContent; })()`), "acme/tool-12");
    check(`${at} page errors (CSP violations, exceptions)`, page.errors, []);
  }

  // 1,000 repositories: renders, counts, filters (timings: bench/dashboard).
  const big = sampleReport(1000);
  const page = await browser.page(1400, 900);
  const ms = await page.goto(render(big.report, "dashboard-1000"));
  console.log(`info 1,000 repositories loaded in ${ms.toFixed(0)} ms`);
  check("1000: jobs shown", await page.eval(text("jobs-shown")), String(big.expected.jobs));
  check("1000: filter", await page.eval(`(() => { const box = document.getElementById("filter");
      box.value = "tool-999"; box.dispatchEvent(new Event("input")); return ${visibleJobs}; })()`), 1);
  check("1000: page errors", page.errors, []);
} finally {
  await browser.close();
}
if (failures > 0) {
  console.error(`${failures} dashboard checks failed`);
  process.exit(1);
}
