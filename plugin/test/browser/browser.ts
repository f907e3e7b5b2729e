// The real-browser harness (Node side): launches the system's Chromium through playwright-core, serves a
// test page from a loopback HTTP server (the bundled main.js in a CommonJS wrapper, the test `obsidian`
// stub bundled for the browser with esbuild, Obsidian's default theme variables and our styles.css), and
// offers typed calls into the page (`window.jvs`, page-api.ts), screenshots in light and dark theme under
// test-artifacts/screenshots/, and the page's Long Tasks (PerformanceObserver) for benchmarks.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { forwardRequest } from "../harness/forward-request";
import type { PageApi, Theme } from "./page-api";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");

/** Where screenshots go (ignored by git). */
export const SCREENSHOT_DIR = path.join(root, "test-artifacts", "screenshots");

/** Debian's Chromium, or `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Flags that work on a closed-network machine as root. Playwright gives every launch a fresh temporary
 * profile (its own `--user-data-dir`), removed on close.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why browser tests cannot run here (Chromium missing), or null when they can. */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `Chromium not found at ${CHROMIUM_PATH}: run \`node scripts/setup.mjs\` as root, or \`sudo apt-get install chromium\` (or set CHROMIUM_PATH)`;
}

let harnessJs: Promise<string> | null = null;

/** page-entry.ts and the stub, bundled for the browser; `node:module` and `obsidian` answered in the page. */
function buildHarness(): Promise<string> {
  harnessJs ??= esbuild
    .build({
      absWorkingDir: root,
      entryPoints: [path.join(here, "page-entry.ts")],
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: "es2022",
      logLevel: "warning",
      // The stub's createRequire(import.meta.url) gets the shim, which ignores its argument.
      define: { "import.meta.url": JSON.stringify("http://127.0.0.1/") },
      plugins: [
        {
          name: "page-modules",
          setup(build) {
            build.onResolve({ filter: /^node:module$/ }, () => ({ path: path.join(here, "node-module-shim.ts") }));
            build.onResolve({ filter: /^obsidian$/ }, () => ({ path: path.join(root, "plugin/test/harness/obsidian-stub.ts") }));
          },
        },
      ],
    })
    .then((r) => r.outputFiles[0]!.text);
  return harnessJs;
}

const INDEX_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Jira Vault Sync test page</title>
<link rel="stylesheet" href="/obsidian-theme.css"><link rel="stylesheet" href="/styles.css"></head>
<body class="theme-light"><div id="stage"></div>
<script src="/harness.js"></script><script src="/main-wrapped.js"></script></body></html>`;

/** Serves the test page on 127.0.0.1; main.js and styles.css are read on every request (always current). */
async function servePage(mainJs: string): Promise<Server> {
  const harness = await buildHarness();
  const files: Record<string, () => [string, string]> = {
    "/": () => ["text/html", INDEX_HTML],
    "/harness.js": () => ["text/javascript", harness],
    "/main-wrapped.js": () => ["text/javascript", `window.__jvsMain = function (module, exports, require) {\n${readFileSync(mainJs, "utf8")}\n};`],
    "/styles.css": () => ["text/css", readFileSync(path.join(root, "styles.css"), "utf8")],
    "/obsidian-theme.css": () => ["text/css", readFileSync(path.join(here, "obsidian-theme.css"), "utf8")],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://127.0.0.1").pathname];
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    const [type, body] = file();
    res.writeHead(200, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

interface ForwardRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The stub's requestUrl, answered from Node: loopback only (tests never reach the network). */
function forward(req: ForwardRequest): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const host = new URL(req.url).hostname;
  if (!["127.0.0.1", "localhost", "[::1]"].includes(host)) return Promise.reject(new Error(`net::ERR_BLOCKED_BY_CLIENT (not loopback: ${host})`));
  return forwardRequest(req);
}

/** A long task the page's PerformanceObserver saw. */
export interface LongTask {
  startTime: number;
  duration: number;
}

type Args<K extends keyof PageApi> = PageApi[K] extends (...a: infer A) => unknown ? A : never;
type Result<K extends keyof PageApi> = PageApi[K] extends (...a: never[]) => infer R ? Awaited<R> : never;

/** One test page with the plugin's harness loaded. */
export class PluginPage {
  /** Uncaught page errors and console errors, for tests to assert on. */
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on("pageerror", (e) => this.errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") this.errors.push(m.text());
    });
  }

  /** The errors collected so far, clearing them (each test checks its own). */
  takeErrors(): string[] {
    return this.errors.splice(0);
  }

  /** Calls `window.jvs[name](...args)` in the page. */
  call<K extends keyof PageApi>(name: K, ...args: Args<K>): Promise<Result<K>> {
    return this.page.evaluate(
      ({ name, args }) => (window.jvs[name] as (...a: unknown[]) => unknown)(...args),
      { name, args },
    ) as Promise<Result<K>>;
  }

  setTheme(theme: Theme): Promise<void> {
    return this.call("setTheme", theme);
  }

  /** Saves the stage (what the last scenario showed) as test-artifacts/screenshots/NAME-THEME.png. */
  async screenshot(name: string, theme: Theme): Promise<string> {
    await this.setTheme(theme);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}-${theme}.png`);
    await this.page.locator("#stage").screenshot({ path: file, animations: "disabled", caret: "hide" });
    return file;
  }

  /** Screenshots in both themes; returns the files. */
  async screenshots(name: string): Promise<string[]> {
    return [await this.screenshot(name, "light"), await this.screenshot(name, "dark")];
  }

  /** The long tasks (> 50 ms) seen since the page loaded or the last `clearLongTasks`. */
  longTasks(): Promise<LongTask[]> {
    return this.page.evaluate(() => (window as unknown as { __jvsLongTasks: LongTask[] }).__jvsLongTasks.slice());
  }

  clearLongTasks(): Promise<void> {
    return this.page.evaluate(() => {
      (window as unknown as { __jvsLongTasks: LongTask[] }).__jvsLongTasks.length = 0;
    });
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

/** Records long tasks from the very start of the page. */
const LONG_TASK_OBSERVER = `
window.__jvsLongTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__jvsLongTasks.push({ startTime: e.startTime, duration: e.duration });
}).observe({ type: "longtask", buffered: true });`;

/** A launched Chromium and the loopback server of its test pages. */
export class BrowserHarness {
  constructor(
    readonly browser: Browser,
    private readonly server: Server,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Opens a fresh page with the harness and main.js loaded (plugin not started yet: `call("startPlugin", data)`). */
  async openPluginPage(theme: Theme = "light", viewport = { width: 820, height: 700 }): Promise<PluginPage> {
    const context = await this.browser.newContext({ viewport, deviceScaleFactor: 2, colorScheme: theme });
    const page = await context.newPage();
    page.on("close", () => void context.close().catch(() => undefined));
    const pluginPage = new PluginPage(page);
    await page.exposeFunction("__jvsRequestUrl", forward);
    await page.addInitScript(LONG_TASK_OBSERVER);
    await page.goto(this.url);
    await pluginPage.setTheme(theme);
    return pluginPage;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Launches Chromium (see CHROMIUM_ARGS) and starts the page server. Needs main.js (`node scripts/build.mjs`);
 * `mainJs` serves another bundle instead (a benchmark comparing two builds launches one harness per build).
 */
export async function launchBrowser(mainJs = path.join(root, "main.js")): Promise<BrowserHarness> {
  const missing = browserUnavailable();
  if (missing !== null) throw new Error(missing);
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run \`node scripts/build.mjs\` first`);
  const server = await servePage(mainJs);
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    return new BrowserHarness(browser, server);
  } catch (e) {
    server.close();
    throw e;
  }
}
