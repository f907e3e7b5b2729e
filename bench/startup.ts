// Start-up benchmark: main.js size raw and gzip (zlib, level 9), the wasm size, and the time to evaluate main.js
// and run the plugin's `onload` at app start-up, then to start the core once the layout is ready (inflate, compile
// and instantiate the wasm), each sample in a fresh Node process
// (startup-child.ts), so nothing is cached between samples. Median with min and max.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { browserUnavailable, launchBrowser } from "../plugin/test/browser/browser";
import { summarise, type Timing } from "./stats";

export interface StartupFigures {
  mainJsBytes: number;
  mainJsGzipBytes: number;
  wasmBytes: number;
  wasmGzipBytes: number;
  evaluate: Timing;
  /** Plugin construction + `onload` at app start-up (the core is not started by it). */
  onload: Timing;
  /** From the layout being ready to the core being ready (inflate, compile, instantiate). */
  coreStart: Timing;
  /** evaluate + onload + core start. */
  total: Timing;
}

const root = new URL("..", import.meta.url);

export function startupBench(samples: number): StartupFigures {
  const main = readFileSync(new URL("main.js", root));
  const wasm = readFileSync(new URL("pkg/jira_vault_sync_bg.wasm", root));
  const evaluate: number[] = [];
  const onload: number[] = [];
  const coreStart: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < samples; i++) {
    const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("bench/startup-child.ts", root))], {
      cwd: fileURLToPath(root),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const r = JSON.parse(out) as { evaluateMs: number; onloadMs: number; coreStartMs: number };
    evaluate.push(r.evaluateMs);
    onload.push(r.onloadMs);
    coreStart.push(r.coreStartMs);
    total.push(r.evaluateMs + r.onloadMs + r.coreStartMs);
  }
  return {
    mainJsBytes: statSync(new URL("main.js", root)).size,
    mainJsGzipBytes: gzipSync(main, { level: 9 }).length,
    wasmBytes: wasm.length,
    wasmGzipBytes: gzipSync(wasm, { level: 9 }).length,
    evaluate: summarise(evaluate),
    onload: summarise(onload),
    coreStart: summarise(coreStart),
    total: summarise(total),
  };
}

export interface BrowserStartupFigures {
  /** `onload` at app start-up in Chromium (a fresh page per sample), ms. */
  onload?: Timing;
  /** The core's start once the layout is ready, in Chromium. */
  coreStart?: Timing;
  /** Why it did not run (no Chromium). */
  skipped?: string;
}

/** The same start in Debian's Chromium through the real-browser harness: the main thread Obsidian has. */
export async function browserStartupBench(samples: number): Promise<BrowserStartupFigures> {
  const missing = browserUnavailable();
  if (missing !== null) return { skipped: missing };
  const harness = await launchBrowser();
  try {
    const onload: number[] = [];
    const coreStart: number[] = [];
    for (let i = 0; i < samples; i++) {
      const page = await harness.openPluginPage();
      const r = await page.call("startPluginAtAppStart", { settings: { siteUrl: "https://example.atlassian.net", projectKeys: "OPS" } });
      onload.push(r.onloadMs);
      coreStart.push(r.coreStartMs);
      await page.close();
    }
    return { onload: summarise(onload), coreStart: summarise(coreStart) };
  } finally {
    await harness.close();
  }
}
