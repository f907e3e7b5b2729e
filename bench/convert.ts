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
import { FIDELITY_SAMPLES, markdownDocument, rng } from "./corpus";

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

const JIRA_WORDS = (
  "login fails after the session token expires on mobile clients while the gateway retries the request against " +
  "a stale replica so the customer sees an error page and support escalates the ticket to the platform team"
).split(" ");
const PEOPLE = ["Alice Martin", "Bob Chen", "Chandra Rao", "Dana Okafor", "Emil Novak"];

/**
 * Jira-like issue descriptions, concatenated to about `bytes` bytes: what a synced project's notes hold. Each issue
 * has a summary heading, a context paragraph with mentions, links, issue keys, code spans and emphasis, an info or
 * warning panel (callout), steps to reproduce as a nested ordered/bullet list, acceptance criteria as a task list,
 * an environment table, a stack trace or config in a fenced code block, and a quoted customer report.
 */
export function jiraDocument(bytes: number, seed = 13): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const words = (min: number, max: number): string =>
    Array.from({ length: min + Math.floor(r() * (max - min)) }, () => pick(JIRA_WORDS)).join(" ");
  const mention = (): string => {
    const who = pick(PEOPLE);
    return `[@${who}](jira-mention:5b10a2844c20165700ede${Math.floor(r() * 90) + 10})`;
  };
  const rich = (): string => {
    const parts = [words(5, 12)];
    const k = r();
    if (k < 0.2) parts.push(`${mention()} ${words(2, 6)}`);
    else if (k < 0.35) parts.push(`see [the incident review](https://confluence.example.com/display/OPS/${Math.floor(r() * 1e4)})`);
    else if (k < 0.5) parts.push(`(PROJ-${1 + Math.floor(r() * 4000)})`);
    else if (k < 0.65) parts.push(`\`${pick(["retry_after", "SESSION_TTL", "gateway.timeout", "replica-lag"])}\``);
    else if (k < 0.75) parts.push(`**${words(1, 3)}**`);
    else if (k < 0.85) parts.push(`*${words(1, 3)}*`);
    parts.push(words(3, 10) + ".");
    return parts.join(" ");
  };
  const issue = (n: number): string => {
    const out = [`## PROJ-${n}: ${words(3, 7)}`, "", `Reported by ${mention()}; ${rich()} ${rich()}`, ""];
    out.push(`> [!${r() < 0.6 ? "info" : "warning"}] ${r() < 0.5 ? "Impact" : "Workaround"}`, `> ${rich()}`, "");
    out.push("### Steps to reproduce", "");
    for (let i = 1; i <= 3 + Math.floor(r() * 3); i++) {
      out.push(`${i}. ${rich()}`);
      if (r() < 0.4) for (let j = 0; j < 2; j++) out.push(`    - ${rich()}`);
    }
    out.push("", "### Acceptance criteria", "");
    for (let i = 0; i < 2 + Math.floor(r() * 3); i++) out.push(`- [${r() < 0.3 ? "x" : " "}] ${rich()}`);
    out.push("", "| Environment | Version | Result |", "| --- | --- | --- |");
    for (let i = 0; i < 2 + Math.floor(r() * 3); i++) {
      out.push(`| ${pick(["staging", "prod-eu", "prod-us", "canary"])} | 4.${Math.floor(r() * 20)}.${Math.floor(r() * 9)} | ${r() < 0.5 ? "**fails**" : "passes"} |`);
    }
    out.push("", r() < 0.5 ? "```java" : "```yaml");
    for (let i = 0; i < 3 + Math.floor(r() * 8); i++) out.push(`  at com.example.gateway.Session${i}.refresh(Session.java:${100 + Math.floor(r() * 400)})`);
    out.push("```", "", `> ${rich()}`, "", rich(), "");
    return out.join("\n");
  };
  const parts: string[] = [];
  let size = 0;
  for (let n = 1; size < bytes; n++) {
    const s = issue(n);
    parts.push(s);
    size += s.length + 1;
  }
  return parts.join("\n");
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

/** Goal 6 of issue #13, per direction: our speed against the fastest peer's on the same input. */
export interface ConvertGoal {
  document: string;
  direction: string;
  ours: Timing;
  peer: string;
  peerTiming: Timing;
  /** The peer's median time ÷ ours on the same document (≥ 1 means at least as fast). */
  ratio: number;
  met: boolean;
}

export interface ConvertFigures {
  bytes: number;
  runs: number;
  rows: { document: string; direction: string; tool: string; t: Timing }[];
  goals: ConvertGoal[];
  fidelity: { pair: string; tool: string; r: { passed: number; total: number; lost: string[] } }[];
  wholeDocument: { ours: boolean; peers: boolean };
}

/** One document's timings: every direction with our core and with each peer. */
function timeDocument(document: string, md: string): ConvertFigures["rows"] {
  const bytes = Buffer.byteLength(md);
  const ourAdf = core.markdownToAdf(md) as Adf;
  // Each converter gets its ADF as a sync would: parsed from JSON text (ours comes out of `markdownToAdf` so). The
  // objects marklassian builds hold strings made by concatenation, which V8 flattens on first read; handed to
  // adf-to-md as they were, they made it 1.5–2× slower than on the same ADF parsed from Jira's answer.
  const peerAdfText = JSON.stringify(marklassian.markdownToAdf(md));
  const peerAdf = JSON.parse(peerAdfText) as Adf;
  const ourAdfText = JSON.stringify(ourAdf);
  const ourWiki = core.markdownToWiki(md);
  const peerWiki = jira2md.to_jira(md);
  const rows = [
    { direction: "Markdown → ADF", tool: "jira-vault-sync", t: time(bytes, () => core.markdownToAdf(md)) },
    { direction: "Markdown → ADF", tool: "marklassian", t: time(bytes, () => marklassian.markdownToAdf(md)) },
    { direction: "ADF → Markdown", tool: "jira-vault-sync", t: time(bytes, () => core.adfToMarkdown(ourAdf)) },
    { direction: "ADF → Markdown", tool: "adf-to-md", t: time(bytes, () => adfToMd.convert(peerAdf)) },
    // What any converter outside JavaScript pays before it reads an object: its JSON text (`adfToMarkdown` reads
    // the object so). Not a goal row; printed beside the object rows as their floor.
    { direction: "ADF object → JSON text", tool: "JSON.stringify", t: time(bytes, () => JSON.stringify(ourAdf)) },
    // The same from the JSON text as Jira sends it, which is what a sync has: ours reads the text (the engine's own
    // path), the peer needs the objects `JSON.parse` makes of it.
    { direction: "ADF text → Markdown", tool: "jira-vault-sync", t: time(bytes, () => core.adfJsonToMarkdown(ourAdfText)) },
    { direction: "ADF text → Markdown", tool: "adf-to-md", t: time(bytes, () => adfToMd.convert(JSON.parse(peerAdfText) as Adf)) },
    { direction: "Markdown → wiki", tool: "jira-vault-sync", t: time(bytes, () => core.markdownToWiki(md)) },
    { direction: "Markdown → wiki", tool: "jira2md", t: time(bytes, () => jira2md.to_jira(md)) },
    { direction: "wiki → Markdown", tool: "jira-vault-sync", t: time(Buffer.byteLength(ourWiki), () => core.wikiToMarkdown(ourWiki)) },
    { direction: "wiki → Markdown", tool: "jira2md", t: time(Buffer.byteLength(peerWiki), () => jira2md.to_markdown(peerWiki)) },
  ];
  return rows.map((row) => ({ document, ...row }));
}

/**
 * Converts two generated documents of `size` bytes (the operations handbook and the Jira-like issues) with the core
 * and the peers, `runs` timed runs each. A direction's goal compares median times on the same document (each
 * wiki → Markdown converter reads the wiki its own Markdown → wiki wrote).
 */
export function convertBench(runs = 7, size = 1_000_000): ConvertFigures {
  initCore();
  RUNS = runs;
  const md = markdownDocument(size);
  const bytes = Buffer.byteLength(md);
  const ourAdf = core.markdownToAdf(md) as Adf;
  const peerAdf = marklassian.markdownToAdf(md);
  const jira = jiraDocument(size);
  const rows = [...timeDocument("operations handbook", md), ...timeDocument("Jira issues", jira)];

  const goals = rows
    .filter((r) => r.tool === "jira-vault-sync")
    .map((ours): ConvertGoal => {
      const peers = rows.filter((r) => r.document === ours.document && r.direction === ours.direction && r.tool !== ours.tool);
      const fastest = peers.reduce((a, b) => (b.t.medianMs < a.t.medianMs ? b : a));
      const ratio = fastest.t.medianMs / ours.t.medianMs;
      return { document: ours.document, direction: ours.direction, ours: ours.t, peer: fastest.tool, peerTiming: fastest.t, ratio, met: ratio >= 1 };
    });

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
  return { bytes, runs: RUNS, rows, goals, fidelity, wholeDocument };
}

/** The goal rows for `bench/run.ts`'s table: each direction's figure, the fastest peer's, the ratio, met / not met. */
export function convertTargets(figures: ConvertFigures): { target: string; figure: string; met: boolean }[] {
  const stringify = (document: string) => figures.rows.find((r) => r.document === document && r.tool === "JSON.stringify");
  return figures.goals.map((g) => {
    const floor = g.direction === "ADF → Markdown" ? stringify(g.document) : undefined;
    return {
      target: `${g.direction} (${g.document}) at least as fast as ${g.peer}`,
      figure:
        `${f(g.ours.medianMs)} ms vs ${f(g.peerTiming.medianMs)} ms: ${g.ratio.toFixed(2)}×` +
        (floor ? `; JSON.stringify of the object alone ${f(floor.t.medianMs)} ms` : ""),
      met: g.met,
    };
  });
}

/** Benchmarks print their results: stdout is their output. */
const print = (line = ""): void => {
  process.stdout.write(`${line}\n`);
};
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "—");

function cli(): void {
  const figures = convertBench(arg("runs", 7), arg("size", 1_000_000));
  const { bytes, rows, goals, fidelity, wholeDocument } = figures;
  print(`Conversion of two ${(bytes / 1e6).toFixed(2)} MB Markdown documents, median of ${RUNS} runs (Node ${process.version})\n`);
  print("| document | direction | tool | median ms | min–max ms | MB/s |");
  print("| --- | --- | --- | ---: | ---: | ---: |");
  for (const { document, direction, tool, t } of rows) {
    print(`| ${document} | ${direction} | ${tool} | ${f(t.medianMs)} | ${f(t.minMs)}–${f(t.maxMs)} | ${f(t.mbPerS)} |`);
  }
  print("\nGoal 6 (issue #13): each direction at least as fast as the fastest peer\n");
  print("| document | direction | ours ms | fastest peer | peer ms | peer ÷ ours | status |");
  print("| --- | --- | ---: | --- | ---: | ---: | --- |");
  for (const g of goals) {
    print(`| ${g.document} | ${g.direction} | ${f(g.ours.medianMs)} | ${g.peer} | ${f(g.peerTiming.medianMs)} | ${g.ratio.toFixed(2)}× | ${g.met ? "met" : "not met"} |`);
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
