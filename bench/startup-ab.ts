// A/B of issue #13 goal 3 (`onload` at app start-up ≤ 5 ms in Chromium) in one process: two builds of main.js
// (e.g. a copy of the branch point's and the current one), each in its own real-browser harness, a fresh page per
// sample, the builds taking turns A, B, A, B… so that the load of a shared machine falls on both alike. Prints each
// build's median and range of `onload` and of the core's start once the layout is ready, and the ratio of the
// medians, with the load average.
//   npx tsx bench/startup-ab.ts OLD_MAIN_JS NEW_MAIN_JS [--runs N]
import { loadavg } from "node:os";
import process from "node:process";
import { browserUnavailable, launchBrowser } from "../plugin/test/browser/browser";
import { summarise, type Timing } from "./stats";

const [oldJs, newJs] = process.argv.slice(2).filter((a) => !a.startsWith("--") && !/^\d+$/.test(a));
if (oldJs === undefined || newJs === undefined) {
  process.stderr.write("usage: npx tsx bench/startup-ab.ts OLD_MAIN_JS NEW_MAIN_JS [--runs N]\n");
  process.exit(2);
}
const missing = browserUnavailable();
if (missing !== null) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}
const at = process.argv.indexOf("--runs");
const runs = at > 0 ? Number(process.argv[at + 1]) : 15;
const harnesses = [await launchBrowser(oldJs), await launchBrowser(newJs)];
const onload: number[][] = [[], []];
const coreStart: number[][] = [[], []];
try {
  // One warm-up page each (the browser's own first-page costs), then `runs` rounds.
  for (let round = 0; round <= runs; round++) {
    for (const [i, harness] of harnesses.entries()) {
      const page = await harness.openPluginPage();
      const r = await page.call("startPluginAtAppStart", { settings: { siteUrl: "https://example.atlassian.net", projectKeys: "OPS" } });
      await page.close();
      if (round === 0) continue;
      (onload[i] as number[]).push(r.onloadMs);
      (coreStart[i] as number[]).push(r.coreStartMs);
    }
  }
} finally {
  for (const h of harnesses) await h.close();
}
const show = (t: Timing): string => `${t.medianMs.toFixed(2)} ms (${t.minMs.toFixed(2)}–${t.maxMs.toFixed(2)})`;
const figures = [oldJs, newJs].map((name, i) => ({ name, onload: summarise(onload[i] as number[]), core: summarise(coreStart[i] as number[]) }));
for (const f of figures) process.stdout.write(`${f.name}: onload ${show(f.onload)}; core start ${show(f.core)}\n`);
const [a, b] = figures as [(typeof figures)[0], (typeof figures)[0]];
process.stdout.write(`new/old: onload ${(b.onload.medianMs / a.onload.medianMs).toFixed(3)}, core start ${(b.core.medianMs / a.core.medianMs).toFixed(3)}; ${runs} rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
