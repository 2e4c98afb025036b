// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe
// (NUL-separated JSON on file descriptors 3 and 4): no WebSocket, no npm
// package, no network. Used by the dashboard's browser test and its bench.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// $CHROMIUM, else Debian's chromium; null when there is none.
export function findChromium() {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

export class Browser {
  static async launch(binary) {
    const profile = mkdtempSync(join(tmpdir(), "nts-chromium-"));
    const child = spawn(binary, [
      "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
      "--no-first-run", "--no-default-browser-check", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--disable-extensions",
      "--hide-scrollbars", `--user-data-dir=${profile}`, "about:blank",
    ], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    const browser = new Browser(child, profile);
    await browser.send("Target.getTargets");  // the pipe answers: the browser is up
    return browser;
  }

  constructor(child, profile) {
    this.child = child;
    this.profile = profile;
    this.next = 1;
    this.pending = new Map();
    this.listeners = [];
    this.stderr = "";
    let buffer = "";
    child.stdio[2].on("data", (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    child.stdio[4].on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end;
      while ((end = buffer.indexOf("\0")) >= 0) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (message.id && this.pending.has(message.id)) {
          const { resolve, reject } = this.pending.get(message.id);
          this.pending.delete(message.id);
          message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result);
        } else if (message.method) {
          this.listeners = this.listeners.filter((l) => !l(message));
        }
      }
    });
    child.on("exit", (code) => {
      for (const { reject } of this.pending.values()) {
        reject(new Error(`chromium exited (${code}): ${this.stderr}`));
      }
      this.pending.clear();
    });
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.next++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdio[3].write(JSON.stringify(message) + "\0");
    });
  }

  // Resolves with the first event `method` of `sessionId` (after `timeout` ms: rejects).
  waitFor(method, sessionId, timeout = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeout} ms`)), timeout);
      this.listeners.push((m) => {
        if (m.method === method && m.sessionId === sessionId) {
          clearTimeout(timer);
          resolve(m.params);
          return true;
        }
        return false;
      });
    });
  }

  // A new tab `width` x `height` CSS pixels (a phone below 500: mobile emulation).
  async page(width, height) {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    await this.send("Emulation.setDeviceMetricsOverride",
                    { width, height, deviceScaleFactor: 1, mobile: width < 500 }, sessionId);
    await this.send("Page.enable", {}, sessionId);
    await this.send("Runtime.enable", {}, sessionId);
    await this.send("Log.enable", {}, sessionId);
    const page = {
      sessionId,
      errors: [],
      // Navigates and waits for the load event; resolves with the wall time in ms.
      goto: async (url) => {
        const loaded = this.waitFor("Page.loadEventFired", sessionId);
        const start = performance.now();
        await this.send("Page.navigate", { url }, sessionId);
        await loaded;
        return performance.now() - start;
      },
      // The value of a JavaScript expression in the page (awaited when a promise).
      eval: async (expression) => {
        const { result, exceptionDetails } = await this.send(
            "Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, sessionId);
        if (exceptionDetails) throw new Error(`${expression}: ${JSON.stringify(exceptionDetails)}`);
        return result.value;
      },
    };
    // Console errors and CSP violations the page reports (an inline script
    // the CSP blocked shows up here).
    this.listeners.push((m) => {
      if (m.sessionId === sessionId && m.method === "Runtime.exceptionThrown") {
        page.errors.push(JSON.stringify(m.params.exceptionDetails.text));
      }
      if (m.sessionId === sessionId && m.method === "Runtime.consoleAPICalled" &&
          m.params.type === "error") {
        page.errors.push(m.params.args.map((a) => a.value).join(" "));
      }
      if (m.sessionId === sessionId && m.method === "Log.entryAdded" &&
          m.params.entry.level === "error") {
        page.errors.push(m.params.entry.text);
      }
      return false;
    });
    return page;
  }

  async close() {
    try { await Promise.race([this.send("Browser.close"), new Promise((r) => setTimeout(r, 3000))]); } catch {}
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    try {
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {}
  }
}
