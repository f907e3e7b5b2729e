// "Suggest an estimate" (docs/assist.md): the core's estimate from the issue history the sync keeps (done issues
// similar by BM25 over summary and labels, weighted by time spent), for an issue by key. No model, no network:
// the history file is read from the plugin's folder. Shared by the command and `assist estimate`.
import type { JsonFileStore } from "../state/state-store";
import { loadSiteHistoryText } from "../report/reports";

export interface EstimateCore {
  assistEstimate(history: Uint8Array, query: unknown): unknown;
}

/** The core's `Estimate`. */
export interface Estimate {
  seconds: number;
  low: number;
  high: number;
  jira: string;
  similar: { key: string; summary: string; timeSpent: number; score: number }[];
  doneIssues: number;
}

export type EstimateOutcome = { ok: true; key: string; summary: string; estimate: Estimate | null } | { ok: false; problem: string };

function hours(seconds: number): string {
  const h = seconds / 3600;
  return `${Number.isInteger(h) ? h : h.toFixed(1)}h`;
}

/** The estimate for `key` from the stored history of `siteUrl`. `description` (the note's body) sharpens the match. */
export async function suggestEstimate(core: EstimateCore, store: JsonFileStore, siteUrl: string, key: string, description = ""): Promise<EstimateOutcome> {
  const { history, text } = await loadSiteHistoryText(store, siteUrl);
  if (history === undefined || text === undefined) return { ok: false, problem: "No issue history is kept yet: sync first (the history is read after each sync)." };
  const issues = (history.issues ?? {}) as Record<string, { key?: unknown; summary?: unknown; labels?: unknown }>;
  const issue = Object.values(issues).find((i) => typeof i.key === "string" && i.key.toUpperCase() === key.toUpperCase());
  if (issue === undefined || typeof issue.summary !== "string") return { ok: false, problem: `${key} is not in the kept history of ${siteUrl}; sync first.` };
  const labels = Array.isArray(issue.labels) ? issue.labels.filter((l): l is string => typeof l === "string") : [];
  const estimate = core.assistEstimate(new TextEncoder().encode(text), { key, summary: issue.summary, description, labels }) as Estimate | null;
  return { ok: true, key, summary: issue.summary, estimate };
}

/** The outcome in a few lines of text. */
export function estimateText(outcome: EstimateOutcome): string {
  if (!outcome.ok) return `${outcome.problem}\n`;
  const e = outcome.estimate;
  if (e === null) return `No done issue in the history is similar to ${outcome.key} (“${outcome.summary}”), so there is no estimate.\n`;
  const lines = [`Estimate for ${outcome.key}: ${e.jira} (range ${hours(e.low)}–${hours(e.high)}), from ${e.similar.length} similar done issue${e.similar.length === 1 ? "" : "s"} of ${e.doneIssues}:`];
  for (const s of e.similar) lines.push(`  ${s.key}  ${hours(s.timeSpent)}  ${s.summary}`);
  return `${lines.join("\n")}\n`;
}
