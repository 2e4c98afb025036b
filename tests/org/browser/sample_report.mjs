// Generated org reports (the JSON of `npm-token-scan org`) for the dashboard's
// browser test and bench: `count` repositories acme/tool-1 … acme/tool-N, one
// publishing job each, cycling token / hybrid / OIDC, and a leak in every
// tenth. `expected` holds the numbers the dashboard must show.
export function sampleReport(count, extra = []) {
  const repositories = [];
  const expected = { token: 0, hybrid: 0, oidc: 0, leaks: 0, jobs: 0, noIdToken: 0 };
  for (let i = 1; i <= count; i++) {
    const auth = ["oidc", "token", "hybrid"][i % 3];
    const blockers = auth === "token" ? ["no id-token: write", "long-lived token still wired (NPM_TOKEN)"]
                   : auth === "hybrid" ? ["long-lived token still wired (NODE_AUTH_TOKEN)"] : [];
    expected[auth]++;
    expected.jobs++;
    expected.noIdToken += auth === "token" ? 1 : 0;
    const findings = [];
    if (i % 10 === 0) {
      expected.leaks++;
      findings.push({ rule: "npm-access-token", severity: "high", path: ".npmrc", line: 1,
                      secret: "npm_Ab…(redacted)", commit: null, still_present: true });
    }
    repositories.push(entry(`https://git.example/acme/tool-${i}.git`, `acme/tool-${i}`, auth,
                            blockers, findings));
  }
  repositories.push(...extra);
  return {
    report: {
      version: 1,
      tool: { name: "npm-token-scan", version: "0.0.0-test" },
      repositories,
      summary: { repositories: repositories.length, failed: 0,
                 publishing_jobs: { token: 0, hybrid: 0, oidc: 0, unknown: 0 }, leaks: 0,
                 suppressed: { findings: 0, leaks: 0 } },
    },
    expected,
  };
}

export function entry(repository, name, auth, blockers, findings = []) {
  const ready = auth === "oidc";
  return {
    repository, name, status: "ok", error: null,
    head: "0123456789abcdef0123456789abcdef01234567", scanned_at: "2026-12-02T10:00:00Z",
    findings,
    workflows: [{
      path: ".github/workflows/release.yml", provider: "github",
      jobs: [
        { id: "test", publishes_npm: false, auth: "none", trusted_publishing: "not-applicable",
          blockers: [] },
        { id: "publish", publishes_npm: true, auth,
          trusted_publishing: ready ? "ready" : "needs-changes", blockers,
          advice: ready ? [] : [
            `On npmjs.com, add a trusted publisher for ${name}; or run: npm trust github <pkg> --file release.yml --repo ${name} --allow-publish`,
            "Add `permissions: id-token: write` (with `contents: read`) to job 'publish'.",
            "After the first trusted publish succeeds, remove NPM_TOKEN.",
          ],
          packages: ["@acme/a", "@acme/b"],
          trusted_publisher: { owner: "acme", repository: "x", workflow: "release.yml",
                               environment: null,
                               command: `npm trust github <pkg> --file release.yml --repo ${name} --allow-publish` } },
      ],
    }],
    errors: [],
  };
}
