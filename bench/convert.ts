// Conversion benchmark (not a test): converts a 1 MB Markdown document to Jira's formats and back with our core
// and with the peer libraries (marklassian: Markdown → ADF, adf-to-md: ADF → Markdown, jira2md: Markdown ↔ wiki),
// reports throughput (median of several runs, with min and max) and fidelity (constructs that survive a round trip),
// prints a Markdown table and writes bench/results/convert.json. `convertBench` is also called by bench/run.ts.
//   npm run bench:convert [-- --runs N --size BYTES]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Buffer } from "node:buffer";
import process from "node:process";
import * as core from "../pkg/jira_vault_sync.js";
import { FIDELITY_SAMPLES, markdownDocument } from "./corpus";

type Adf = Record<string, unknown>;
const require = createRequire(import.meta.url);
const marklassian = require("marklassian") as { markdownToAdf(md: string): Adf };
const adfToMdModule = require("adf-to-md") as { convert(adf: Adf): { result: string } };
/** adf-to-md logs a line per unsupported node to stdout; keep the table readable. */
const adfToMd = {
  convert(adf: Adf): { result: string } {
    const log = console.log;
    console.log = () => undefined;
    try {
      return adfToMdModule.convert(adf);
    } finally {
      console.log = log;
    }
  },
};
const jira2md = require("jira2md") as { to_jira(md: string): string; to_markdown(wiki: string): string };

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
let RUNS = 7;

let initialised = false;
function initCore(): void {
  if (initialised) return;
  core.initSync({ module: readFileSync(new URL("../pkg/jira_vault_sync_bg.wasm", import.meta.url)) });
  initialised = true;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  mbPerS: number;
}

function time(inputBytes: number, fn: () => unknown): Timing {
  fn(); // warm-up: JIT and wasm tiers
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)] ?? NaN;
  return { medianMs: median, minMs: ms[0] ?? NaN, maxMs: ms[ms.length - 1] ?? NaN, mbPerS: inputBytes / 1e6 / (median / 1e3) };
}

/**
 * The documented normalisation: trailing spaces, blank-line runs, `*`/`+` bullets, nested-list indentation
 * (2 or 4 spaces per level), `_` emphasis, and `<url>` autolinks written as the bare URL.
 */
function normalise(md: string): string {
  return md
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((l) =>
      l
        .replace(/\s+$/, "")
        .replace(/^(\s*)[*+] /, "$1- ")
        .replace(/^( +)(?=(?:[-*+]|\d+[.)]) )/, (ind) => "  ".repeat(Math.ceil(ind.length / 4))),
    )
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/__([^_]+)__/g, "**$1**")
    .replace(/(^|[^\w_])_([^_\n]+)_(?![\w_])/g, "$1*$2*")
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1")
    .trim();
}

function survives(roundTrip: (md: string) => string): { passed: number; total: number; lost: string[] } {
  const lost: string[] = [];
  for (const [name, md] of Object.entries(FIDELITY_SAMPLES)) {
    let out: string;
    try {
      out = roundTrip(md);
    } catch {
      out = "\u0000error";
    }
    if (normalise(out) !== normalise(md)) lost.push(name);
  }
  const total = Object.keys(FIDELITY_SAMPLES).length;
  return { passed: total - lost.length, total, lost };
}

export interface ConvertFigures {
  bytes: number;
  runs: number;
  rows: { direction: string; tool: string; t: Timing }[];
  fidelity: { pair: string; tool: string; r: { passed: number; total: number; lost: string[] } }[];
  wholeDocument: { ours: boolean; peers: boolean };
}

/** Converts a generated document of `size` bytes with the core and the peers, `runs` timed runs each. */
export function convertBench(runs = 7, size = 1_000_000): ConvertFigures {
  initCore();
  RUNS = runs;
  const md = markdownDocument(size);
  const bytes = Buffer.byteLength(md);
  const ourAdf = core.markdownToAdf(md) as Adf;
  const peerAdf = marklassian.markdownToAdf(md);
  const ourWiki = core.markdownToWiki(md);
  const peerWiki = jira2md.to_jira(md);

  const rows = [
    { direction: "Markdown → ADF", tool: "jira-vault-sync", t: time(bytes, () => core.markdownToAdf(md)) },
    { direction: "Markdown → ADF", tool: "marklassian", t: time(bytes, () => marklassian.markdownToAdf(md)) },
    { direction: "ADF → Markdown", tool: "jira-vault-sync", t: time(bytes, () => core.adfToMarkdown(ourAdf)) },
    { direction: "ADF → Markdown", tool: "adf-to-md", t: time(bytes, () => adfToMd.convert(peerAdf)) },
    { direction: "Markdown → wiki", tool: "jira-vault-sync", t: time(bytes, () => core.markdownToWiki(md)) },
    { direction: "Markdown → wiki", tool: "jira2md", t: time(bytes, () => jira2md.to_jira(md)) },
    { direction: "wiki → Markdown", tool: "jira-vault-sync", t: time(Buffer.byteLength(ourWiki), () => core.wikiToMarkdown(ourWiki)) },
    { direction: "wiki → Markdown", tool: "jira2md", t: time(Buffer.byteLength(peerWiki), () => jira2md.to_markdown(peerWiki)) },
  ];

  const fidelity = [
    { pair: "Markdown → ADF → Markdown", tool: "jira-vault-sync", r: survives((s) => core.adfToMarkdown(core.markdownToAdf(s))) },
    { pair: "Markdown → ADF → Markdown", tool: "marklassian + adf-to-md", r: survives((s) => adfToMd.convert(marklassian.markdownToAdf(s)).result) },
    { pair: "Markdown → wiki → Markdown", tool: "jira-vault-sync", r: survives((s) => core.wikiToMarkdown(core.markdownToWiki(s))) },
    { pair: "Markdown → wiki → Markdown", tool: "jira2md", r: survives((s) => jira2md.to_markdown(jira2md.to_jira(s))) },
  ];
  const wholeDocument = {
    ours: normalise(core.adfToMarkdown(ourAdf)) === normalise(md),
    peers: normalise(adfToMd.convert(peerAdf).result) === normalise(md),
  };
  return { bytes, runs: RUNS, rows, fidelity, wholeDocument };
}

/** Benchmarks print their results: stdout is their output. */
const print = (line = ""): void => {
  process.stdout.write(`${line}\n`);
};
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "—");

function cli(): void {
  const figures = convertBench(arg("runs", 7), arg("size", 1_000_000));
  const { bytes, rows, fidelity, wholeDocument } = figures;
  print(`Conversion of a ${(bytes / 1e6).toFixed(2)} MB Markdown document, median of ${RUNS} runs (Node ${process.version})\n`);
  print("| direction | tool | median ms | min–max ms | MB/s |");
  print("| --- | --- | ---: | ---: | ---: |");
  for (const { direction, tool, t } of rows) {
    print(`| ${direction} | ${tool} | ${f(t.medianMs)} | ${f(t.minMs)}–${f(t.maxMs)} | ${f(t.mbPerS)} |`);
  }
  print("\nFidelity: constructs of the Obsidian dialect that come back unchanged (after normalisation)\n");
  print("| round trip | tool | survive | lost |");
  print("| --- | --- | ---: | --- |");
  for (const { pair, tool, r } of fidelity) {
    print(`| ${pair} | ${tool} | ${r.passed}/${r.total} | ${r.lost.join(", ") || "—"} |`);
  }
  print(
    `\nWhole 1 MB document through ADF and back unchanged: ours ${wholeDocument.ours ? "yes" : "no"}, ` +
      `marklassian + adf-to-md ${wholeDocument.peers ? "yes" : "no"}.`,
  );

  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL("./results/convert.json", import.meta.url),
    JSON.stringify({ node: process.version, ...figures }, null, 2) + "\n",
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) cli();
