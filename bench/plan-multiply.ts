// A larger sync-plan recording made from a smaller one, for memory and scaling figures when the `--large` set-up
// (a first sync of 50,000 issues through the simulator) cannot run: every base of the recorded state is copied
// FACTOR - 1 times under new ids, keys and note paths, each copy's note handed in by the same fingerprint (so it
// enters unchanged, as the recorded run's unchanged notes do). The recorded changes (the notes with text, the
// search answers, the PUTs) are not copied: a ×5 recording of the 10,000-note run has 50,000 linked notes with
// the same 100 remote and 100 local changes, not 1 % of each. Replay it with plan-replay.ts.
//   npx tsx bench/plan-multiply.ts bench/results/plan-10000.json 5 bench/results/plan-50000-synthetic.json
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";
import type { Recording } from "./plan-replay";

interface Base {
  key: string;
  path: string;
  values?: Record<string, unknown>;
  fingerprint?: string;
}

const [from, factorArg, to] = process.argv.slice(2);
if (from === undefined || factorArg === undefined || to === undefined) {
  process.stderr.write("usage: npx tsx bench/plan-multiply.ts RECORDING.json FACTOR OUT.json\n");
  process.exit(2);
}
const factor = Number(factorArg);
const rec = JSON.parse(readFileSync(from, "utf8")) as Recording;
const issues = (rec.input.state as { issues: Record<string, Base> }).issues;
const entries = Object.entries(issues);
const n = entries.length;
const ids = entries.map(([id]) => Number(id));
const idStep = Math.max(...ids) - Math.min(...ids) + 1;
const refs = rec.input.noteRefs ?? [];
for (let copy = 1; copy < factor; copy++) {
  for (const [id, base] of entries) {
    const number = Number(/-(\d+)$/.exec(base.key)?.[1]);
    if (!Number.isFinite(number) || base.fingerprint === undefined) continue;
    const key = base.key.replace(/\d+$/, String(number + copy * n));
    const path = base.path.replace(`${base.key} `, `${key} `);
    const values = { ...base.values, ...(base.values?.jira_key === undefined ? {} : { jira_key: key }) };
    issues[String(Number(id) + copy * idStep)] = { ...base, key, path, values };
    refs.push({ path, fingerprint: base.fingerprint });
  }
}
rec.input.noteRefs = refs;
writeFileSync(to, JSON.stringify(rec));
process.stdout.write(`${Object.keys(issues).length} bases, ${refs.length} notes by fingerprint, ${(rec.input.notes ?? []).length} with text → ${to}\n`);
