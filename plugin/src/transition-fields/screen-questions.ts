// Transition screens asked in Obsidian (issue #15): a note's state change whose transition screen requires fields
// no project default covers comes back from the core as a `ScreenQuestion` (src/alignment/transition_fields.rs:
// the fields with their allowed values). The user's answers become transition defaults: for that one retry of
// the note, or kept as the project's defaults when "remember" is ticked. Pure: no Obsidian here.
import type { TransitionDefaults } from "../projects/transition-defaults";

/** One allowed value of a screen field (Jira's id and its label). */
export interface AllowedValue {
  id: string;
  label: string;
}

/** A field of a transition screen, as the core reports it. */
export interface ScreenField {
  /** Jira's field id (`resolution`, `customfield_10050`). */
  id: string;
  /** Its display name (`Resolution`). */
  name: string;
  required: boolean;
  /** `schema.type` (`resolution`, `option`, `number`, `string`…). */
  kind: string;
  /** The values Jira allows (empty: free text). */
  allowed: AllowedValue[];
}

/** A status change that stopped for fields without defaults. */
export interface ScreenQuestion {
  path: string;
  key: string;
  project: string;
  /** The status the transition leads to. */
  to: string;
  fields: ScreenField[];
}

/** Field id → the value the user chose or typed. */
export type ScreenAnswers = Record<string, string>;

/**
 * The key an answer is stored under in the defaults: the field's display name (what the settings row shows, as
 * in `OPS: Resolution = Done`), or its id when the name cannot be written in that line (it holds `=`).
 */
function defaultKey(field: ScreenField): string {
  const name = field.name.trim();
  return name === "" || name.includes("=") ? field.id : name;
}

/**
 * Why the answers cannot be used (a required field left empty, a value not allowed, a number that is not one),
 * one sentence per field; empty when they can.
 */
export function answerProblems(question: ScreenQuestion, answers: ScreenAnswers): string[] {
  const problems: string[] = [];
  for (const f of question.fields) {
    const value = (answers[f.id] ?? "").trim();
    if (value === "") problems.push(`${f.name} is required.`);
    else if (f.allowed.length > 0 && !f.allowed.some((a) => a.label === value)) problems.push(`${f.name} must be one of: ${f.allowed.map((a) => a.label).join(", ")}.`);
    else if (f.allowed.length === 0 && f.kind === "number" && !Number.isFinite(Number(value))) problems.push(`${f.name} must be a number.`);
  }
  return problems;
}

/** The answers as transition defaults of the question's project (the core matches field names case-insensitively). */
export function answerDefaults(question: ScreenQuestion, answers: ScreenAnswers): TransitionDefaults {
  const fields: Record<string, string> = {};
  for (const f of question.fields) {
    const value = (answers[f.id] ?? "").trim();
    if (value !== "") fields[defaultKey(f)] = value;
  }
  return { [question.project]: fields };
}

/** `base` with `extra`'s values added (extra wins per field); projects matched as the core does, by key ignoring case. */
export function mergeDefaults(base: TransitionDefaults, extra: TransitionDefaults): TransitionDefaults {
  const out: TransitionDefaults = {};
  for (const [project, fields] of Object.entries(base)) out[project] = { ...fields };
  for (const [project, fields] of Object.entries(extra)) {
    const same = Object.keys(out).find((p) => p.trim().toUpperCase() === project.trim().toUpperCase()) ?? project;
    const kept = { ...(out[same] ?? {}) };
    // A field answered now replaces any default under another spelling of its name.
    for (const name of Object.keys(fields)) for (const k of Object.keys(kept)) if (k.trim().toLowerCase() === name.trim().toLowerCase()) delete kept[k];
    out[same] = { ...kept, ...fields };
  }
  return out;
}
