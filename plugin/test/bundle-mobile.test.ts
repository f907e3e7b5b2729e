// @vitest-environment happy-dom
// The BUNDLED main.js uses nothing a phone's Obsidian lacks (manifest.json: isDesktopOnly false): no Node.js or
// Electron module, no regex lookbehind (older iOS WebViews throw a SyntaxError on `(?<=` / `(?<!`, which would
// stop the whole file from loading; iOS Safari has it only since 16.4), and the platform features the core needs
// are checked before it starts: without WebAssembly the user gets a notice naming it; without
// DecompressionStream (which the bundle does not use) the core still starts.
import { readFileSync } from "node:fs";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { embeddedCoreText } from "./harness/embedded-core";
import { loadBundle, type LoadedBundle } from "./harness/load-bundle";
import { installObsidianDom } from "./harness/obsidian-dom";
import { fakeApp, Notice, type Plugin } from "./harness/obsidian-stub";

const mainJs = readFileSync("main.js", "utf8");
const manifest = JSON.parse(readFileSync("manifest.json", "utf8")) as { isDesktopOnly: boolean };

let plugin: Plugin | null = null;

beforeAll(() => {
  installObsidianDom();
});

beforeEach(() => {
  Notice.messages = [];
});

afterEach(() => {
  plugin?.onunload();
  plugin = null;
});

/** Runs `body` with the global `name` removed (as on a platform without it), then puts it back. */
async function without(name: string, body: () => Promise<void>): Promise<void> {
  const scope = window as unknown as Record<string, unknown>;
  const had = Object.prototype.hasOwnProperty.call(scope, name);
  const saved = scope[name];
  delete scope[name];
  expect(name in scope).toBe(false);
  try {
    await body();
  } finally {
    if (had) scope[name] = saved;
  }
}

/**
 * Enables the plugin in a running app (the layout is ready: onload returns once the core has started or failed),
 * from a fresh evaluation of main.js: the core is loaded once per evaluation, so each case starts from scratch.
 */
async function enable(): Promise<{ current: unknown }> {
  const bundle: LoadedBundle = loadBundle();
  const app = fakeApp({ settings: { siteUrl: "https://example.atlassian.net", projectKeys: "OPS" } });
  plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
  await plugin.onload();
  const starting = (plugin as unknown as { starting: { current: unknown; ready: Promise<unknown> } }).starting;
  await starting.ready.catch(() => undefined);
  // The failure notice is raised by a promise callback: let it run.
  await new Promise((resolve) => window.setTimeout(resolve, 0));
  return starting;
}

describe("bundled main.js on mobile", () => {
  it("is meant for mobile too", () => {
    expect(manifest.isDesktopOnly).toBe(false);
  });

  it("requires no Node.js or Electron module, only what Obsidian provides on every platform", () => {
    const required = new Set([...mainJs.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]));
    expect([...required].sort()).toEqual(["@codemirror/state", "@codemirror/view", "obsidian"]);
    // (Matches are compared, not main.js itself, so that a failure prints the culprit and not a megabyte.)
    expect(mainJs.match(/\bimport\(\s*["'`][^"'`]*["'`]/)?.[0] ?? null).toBeNull();
    expect(mainJs.match(/["'`](node:[a-z_/]+|electron)["'`]/)?.[0] ?? null).toBeNull();
  });

  it("holds no regex lookbehind, in its own code, its libraries or the engine worker's source", () => {
    // The embedded core is 7-bit text, whose alphabet can spell "(?<=" by chance: it is data, not a pattern.
    const code = mainJs.replace(embeddedCoreText(mainJs), "");
    const lookbehind = /.{0,40}\(\?<[=!].{0,40}/.exec(code);
    expect(lookbehind?.[0] ?? null).toBeNull();
  });

  it("starts its core with everything present", async () => {
    const starting = await enable();
    expect(starting.current).not.toBeNull();
    expect(Notice.messages).toEqual([]);
  });

  it("without WebAssembly, says so in a notice instead of failing obscurely", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await without("WebAssembly", async () => {
      const starting = await enable();
      expect(starting.current).toBeNull();
    });
    expect(Notice.messages).toEqual([
      "Jira sync cannot start on this device: the app's JavaScript engine lacks WebAssembly. Updating Obsidian and the system may help.",
    ]);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });

  it("does not need DecompressionStream: the core starts without it", async () => {
    await without("DecompressionStream", async () => {
      const starting = await enable();
      expect(starting.current).not.toBeNull();
    });
    expect(Notice.messages).toEqual([]);
  });
});
