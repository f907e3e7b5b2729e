// A/B of Markdown → ADF (`markdownToAdf`, the conversion bench's first direction) in one process: two wasm-bindgen
// builds of the core (e.g. a copy of pkg/ from the branch point and the current pkg/) convert the bench's two
// 1 MB documents, the calls interleaved A, B, marklassian, A, B, marklassian… so that the load of a shared machine
// falls on all alike. Prints each one's median and range, the ratios of the medians (wall time, then CPU time), and
// whether the two builds' ADF is the same, as JSON text, for both documents and every fidelity sample.
// With `--adf`, ADF → Markdown instead (`adfToMarkdown`, the bench's second direction): both builds convert the old
// build's ADF of each document, adf-to-md converts marklassian's (as `convert.ts` times them), and the two builds'
// Markdown is compared; `--adf-text` times the text export instead (`adfJsonToMarkdown` of the ADF's JSON text,
// what a Cloud pull runs, against adf-to-md of `JSON.parse` of marklassian's text, as `convert.ts`'s "ADF text →
// Markdown" row). With `--wiki`, Markdown → wiki (`markdownToWiki`) against jira2md's `to_jira`, and the two
// builds' wiki is compared; with `--wiki-md`, wiki → Markdown (`wikiToMarkdown` of the old build's wiki) against
// jira2md's `to_markdown` (of its own wiki), and the two builds' Markdown is compared.
//   npx tsx bench/convert-ab.ts OLD_PKG_DIR NEW_PKG_DIR [--runs N] [--adf | --adf-text | --wiki | --wiki-md]
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import process from "node:process";
import { jiraDocument } from "./convert";
import { FIDELITY_SAMPLES, markdownDocument } from "./corpus";
import { loadBuild } from "./pkg-build";
import { summarise } from "./stats";

interface Build {
  markdownToAdf(md: string): unknown;
  adfToMarkdown(adf: unknown): string;
  adfJsonToMarkdown(json: string): string;
  markdownToWiki(md: string): string;
  wikiToMarkdown(wiki: string): string;
}


const [oldDir, newDir] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (oldDir === undefined || newDir === undefined) {
  process.stderr.write("usage: npx tsx bench/convert-ab.ts OLD_PKG_DIR NEW_PKG_DIR [--runs N] [--adf | --adf-text | --wiki | --wiki-md]\n");
  process.exit(2);
}
const at = process.argv.indexOf("--runs");
const runs = at > 0 ? Number(process.argv[at + 1]) : 9;
const require = createRequire(import.meta.url);
const marklassian = require("marklassian") as { markdownToAdf(md: string): unknown };
const adfToMdModule = require("adf-to-md") as { convert(adf: unknown): { result: string } };
// adf-to-md logs a line per unsupported node to stdout.
const adfToMd = (adf: unknown): string => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return adfToMdModule.convert(adf).result;
  } finally {
    console.log = log;
  }
};
const adfTextMode = process.argv.includes("--adf-text");
const adfMode = adfTextMode || process.argv.includes("--adf");
const wikiMdMode = !adfMode && process.argv.includes("--wiki-md");
const wikiMode = !adfMode && !wikiMdMode && process.argv.includes("--wiki");
const jira2md = require("jira2md") as { to_jira(md: string): string; to_markdown(wiki: string): string };
const [a, b] = [await loadBuild<Build>(oldDir), await loadBuild<Build>(newDir)] as [Build, Build];
const same = wikiMode
  ? (md: string): boolean => a.markdownToWiki(md) === b.markdownToWiki(md)
  : wikiMdMode
  ? (md: string): boolean => {
      const wiki = a.markdownToWiki(md);
      return a.wikiToMarkdown(wiki) === b.wikiToMarkdown(wiki);
    }
  : adfMode
  ? (md: string): boolean => {
      const adf = a.markdownToAdf(md);
      if (adfTextMode) {
        const text = JSON.stringify(adf);
        return a.adfJsonToMarkdown(text) === b.adfJsonToMarkdown(text);
      }
      return a.adfToMarkdown(adf) === b.adfToMarkdown(adf);
    }
  : (md: string): boolean => JSON.stringify(a.markdownToAdf(md)) === JSON.stringify(b.markdownToAdf(md));
const samples = Object.values(FIDELITY_SAMPLES);
const what = wikiMode ? "wiki" : adfMode || wikiMdMode ? "Markdown" : "ADF";
const peerName = wikiMode || wikiMdMode ? "jira2md" : adfMode ? "adf-to-md" : "marklassian";
process.stdout.write(`fidelity samples with the same ${what}: ${samples.filter(same).length}/${samples.length}\n`);
for (const [name, md] of [["operations handbook", markdownDocument(1_000_000)], ["Jira issues", jiraDocument(1_000_000)]] as const) {
  const ours = adfMode ? a.markdownToAdf(md) : undefined;
  // Parsed from its JSON text, as a sync would have it (see `timeDocument` in convert.ts).
  const ourText = adfTextMode ? JSON.stringify(ours) : "";
  const theirText = adfMode ? JSON.stringify(marklassian.markdownToAdf(md)) : "";
  const theirs = adfMode && !adfTextMode ? (JSON.parse(theirText) as unknown) : undefined;
  const ourWiki = wikiMdMode ? a.markdownToWiki(md) : "";
  const peerWiki = wikiMdMode ? jira2md.to_jira(md) : "";
  const tools: [string, (md: string) => unknown][] = wikiMode
    ? [
        ["old", (text) => a.markdownToWiki(text)],
        ["new", (text) => b.markdownToWiki(text)],
        ["jira2md", (text) => jira2md.to_jira(text)],
      ]
    : wikiMdMode
    ? [
        ["old", () => a.wikiToMarkdown(ourWiki)],
        ["new", () => b.wikiToMarkdown(ourWiki)],
        ["jira2md", () => jira2md.to_markdown(peerWiki)],
      ]
    : adfTextMode
    ? [
        ["old", () => a.adfJsonToMarkdown(ourText)],
        ["new", () => b.adfJsonToMarkdown(ourText)],
        ["adf-to-md", () => adfToMd(JSON.parse(theirText))],
      ]
    : adfMode
    ? [
        ["old", () => a.adfToMarkdown(ours)],
        ["new", () => b.adfToMarkdown(ours)],
        ["adf-to-md", () => adfToMd(theirs)],
      ]
    : [
        ["old", (text) => a.markdownToAdf(text)],
        ["new", (text) => b.markdownToAdf(text)],
        ["marklassian", (text) => marklassian.markdownToAdf(text)],
      ];
  const times: number[][] = tools.map(() => []);
  // The process's CPU time per call too (user + system, GC threads included): on a shared machine a call's wall
  // time also counts the time it waited for a core.
  const cpus: number[][] = tools.map(() => []);
  // One warm-up call each, then `runs` interleaved rounds.
  for (let round = 0; round <= runs; round++) {
    tools.forEach(([, convert], i) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      convert(md);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      if (round > 0) {
        (times[i] as number[]).push(wall);
        (cpus[i] as number[]).push((cpu.user + cpu.system) / 1000);
      }
    });
  }
  const [old, now, peer] = times.map(summarise) as [ReturnType<typeof summarise>, ReturnType<typeof summarise>, ReturnType<typeof summarise>];
  const show = (t: ReturnType<typeof summarise>): string => `${t.medianMs.toFixed(1)} ms (${t.minMs.toFixed(1)}–${t.maxMs.toFixed(1)})`;
  process.stdout.write(
    `${name}: old ${show(old)}, new ${show(now)}, ${peerName} ${show(peer)}; speed-up ${(old.medianMs / now.medianMs).toFixed(2)}×; ` +
      `${peerName} ÷ ours ${(peer.medianMs / old.medianMs).toFixed(2)}× → ${(peer.medianMs / now.medianMs).toFixed(2)}×; same ${what}: ${same(md)}; ` +
      `${runs} rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`,
  );
  const [oldCpu, newCpu, peerCpu] = cpus.map((c) => summarise(c).medianMs) as [number, number, number];
  process.stdout.write(
    `${name}, CPU: old ${oldCpu.toFixed(1)} ms, new ${newCpu.toFixed(1)} ms, ${peerName} ${peerCpu.toFixed(1)} ms; ` +
      `speed-up ${(oldCpu / newCpu).toFixed(2)}×; ${peerName} ÷ ours ${(peerCpu / oldCpu).toFixed(2)}× → ${(peerCpu / newCpu).toFixed(2)}×\n`,
  );
}
