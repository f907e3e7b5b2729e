// Task detection quality (issue #17) over the labelled notes in tests/fixtures/assist/ (meetings, incidents,
// plans, daily notes in English, German, French and Spanish; labels.json holds the tasks a person would file,
// by source line). Two figures, each precision and recall by source line:
//   - rules: rule-based detection alone (what works without a model);
//   - pipeline: the whole detect flow against the fake OpenAI-compatible server on loopback replaying the
//     labelled answers (for each note, the labelled tasks the rules missed, as a perfect model would answer). It
//     measures the plumbing (privacy filter, request, validation, de-duplication), not a model: a task lost
//     there is lost for any model. Notes the privacy filter refuses (a #private note) keep their rules only.
// Runnable alone: `npx tsx bench/assist-detect.ts`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { DEFAULT_ASSIST_SETTINGS } from "../plugin/src/assist/assist-settings";
import { type Candidate, type AssistCore, detectTasks, prepareInput } from "../plugin/src/assist/detect-tasks";
import { modelEndpoint } from "../plugin/src/assist/model-endpoint";
import { FetchHttpClient, nodeClock } from "../cli/node/http-fetch";
import { loadCoreSync } from "../tests/e2e/harness";
import { FakeOpenAi } from "../tests/assist/fake-openai";

const ROOT = "tests/fixtures/assist";

export interface DetectScore {
  notes: number;
  labelled: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface AssistDetectFigures {
  rules: DetectScore;
  pipeline: DetectScore;
  /** Requests the pipeline sent to the fake server. */
  requests: number;
  /** Per note: labelled lines missed by the rules. */
  missedByRules: { path: string; lines: number[] }[];
}

interface Labels {
  notes: Record<string, { line: number; summary: string }[]>;
}

function notePaths(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? notePaths(full) : [full];
  });
}

function score(found: Map<string, Set<number>>, labels: Labels): DetectScore {
  let labelled = 0;
  let count = 0;
  let correct = 0;
  for (const [p, lines] of found) {
    const want = new Set((labels.notes[p] ?? []).map((t) => t.line));
    labelled += want.size;
    count += lines.size;
    for (const l of lines) if (want.has(l)) correct++;
  }
  return { notes: found.size, labelled, found: count, correct, precision: count === 0 ? 1 : correct / count, recall: labelled === 0 ? 1 : correct / labelled };
}

export async function assistDetectBench(): Promise<AssistDetectFigures> {
  const core = loadCoreSync() as unknown as AssistCore;
  const labels = JSON.parse(readFileSync(path.join(ROOT, "labels.json"), "utf8")) as Labels;
  const hints = { defaultProject: "OPS", projects: ["OPS", "WEB", "DATA"], priorities: ["Highest", "High", "Medium", "Low", "Lowest"], assignable: [] };
  const server = new FakeOpenAi();
  const baseUrl = await server.start();
  const settings = { ...DEFAULT_ASSIST_SETTINGS, enabled: true, baseUrl, model: "replay", allowedFolders: ["/"] };
  const endpoint = modelEndpoint(settings, { http: new FetchHttpClient(), clock: nodeClock, apiKey: null });
  const rules = new Map<string, Set<number>>();
  const pipeline = new Map<string, Set<number>>();
  const missedByRules: { path: string; lines: number[] }[] = [];
  let requests = 0;
  try {
    for (const file of notePaths(path.join(ROOT, "notes")).sort()) {
      const p = path.relative(path.join(ROOT, "notes"), file).split(path.sep).join("/");
      const text = readFileSync(file, "utf8");
      const input = prepareInput(settings, { path: p, text, hints });
      const ruleLines = new Set((core.assistDetectRules(input.detect) as Candidate[]).map((c) => c.line));
      rules.set(p, ruleLines);
      const missed = (labels.notes[p] ?? []).filter((t) => !ruleLines.has(t.line));
      if (missed.length > 0) missedByRules.push({ path: p, lines: missed.map((t) => t.line) });
      server.answer({ content: JSON.stringify({ tasks: missed.map((t) => ({ summary: t.summary, description: "", line: t.line, priority: null, assignee: null, labels: [], estimate: null })) }) });
      const result = await detectTasks(core, endpoint, input);
      requests += result.requests;
      if (result.problem !== null) throw new Error(`${p}: ${result.problem}`);
      pipeline.set(p, new Set([...result.rules, ...result.model].map((c) => c.line)));
      // A refused note sends nothing: its queued answer is dropped so the next note gets its own.
      if (result.requests === 0) server.clearScript();
    }
  } finally {
    await server.stop();
  }
  return { rules: score(rules, labels), pipeline: score(pipeline, labels), requests, missedByRules };
}

const pct = (n: number): string => `${(n * 100).toFixed(1)} %`;

/** The bench's lines for the run.ts table. */
export function assistDetectRows(f: AssistDetectFigures): { target: string; figure: string }[] {
  const row = (s: DetectScore) => `precision ${pct(s.precision)}, recall ${pct(s.recall)} (${s.correct} of ${s.found} found, ${s.labelled} labelled, ${s.notes} notes)`;
  return [
    { target: "task detection, rules only (labelled notes)", figure: row(f.rules) },
    { target: "task detection, whole pipeline replaying labelled answers (fake server)", figure: `${row(f.pipeline)}; ${f.requests} requests` },
  ];
}

if (process.argv[1]?.endsWith("assist-detect.ts")) {
  const figures = await assistDetectBench();
  for (const r of assistDetectRows(figures)) process.stdout.write(`${r.target}: ${r.figure}\n`);
  process.stdout.write(`Missed by the rules: ${figures.missedByRules.map((m) => `${m.path} ${m.lines.join(",")}`).join("; ")}\n`);
}
