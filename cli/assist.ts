// `jira-vault-sync assist detect --vault DIR --note PATH [--lines A-B] [--json]`: task detection on one note
// with the vault's plugin settings (docs/assist.md). The rules always run; the model is asked only when
// assistance is on in the settings and the note is in an allowed folder (API key from LLM_API_KEY). With a Jira
// token in the environment, the site's priorities and the project's assignable users are read first (read-only)
// so that priorities and assignees can be suggested. Writes nothing. Exit codes: 0 done, 1 the model's answer
// could not be used (the rules' candidates are still printed), 2 could not run. Never throws.
// `assist estimate --vault DIR --key KEY [--json]`: an estimate from the kept issue history (no network); exit 0
// with or without an estimate, 2 when there is no history or the issue is not in it.
// `assist suggest --vault DIR --key KEY [--note PATH] [--json]`: priority, estimate and assignee for an issue note
// (history and owner map, then the model when assistance is on), printed as proposals; writes nothing. Exit codes
// as for detect.
// `assist summarise --vault DIR --key KEY [--note PATH] [--mention WHO,…] [--post] [--json]`: see assist-summarise.ts.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { type AssistCore, type Candidate, detectTasks, prepareInput, type SiteHints } from "../plugin/src/assist/detect-tasks";
import { modelEndpoint } from "../plugin/src/assist/model-endpoint";
import { fetchSiteHints } from "../plugin/src/assist/site-hints";
import { JiraTransport } from "../plugin/src/jira/client";
import { parseProjectKeys } from "../plugin/src/jira/keys";
import { FetchHttpClient, nodeClock } from "./node/http-fetch";
import { allProjectKeys, allSites, siteUrlForKey } from "../plugin/src/settings/settings";
import { type EstimateCore, estimateText, suggestEstimate } from "../plugin/src/assist/estimate";
import { FsStore } from "./node/fs-store";
import { credentialsOf, loadVaultSettings } from "./options";
import { runAssistTime, type TimeCore } from "./assist-time";
import { runSummarise, type SummariseCore } from "./assist-summarise";
import { historyBytes, proposals, suggestFields, suggestInput, suggestProperties, type SuggestCore } from "../plugin/src/assist/suggest-fields";

export const ASSIST_USAGE = `Usage: jira-vault-sync assist detect --vault DIR --note PATH [--lines A-B] [--json]
       jira-vault-sync assist estimate --vault DIR --key KEY [--json]
       jira-vault-sync assist suggest --vault DIR --key KEY [--note PATH] [--json]
       jira-vault-sync assist time --vault DIR [--day YYYY-MM-DD] [--json]
       jira-vault-sync assist summarise --vault DIR --key KEY [--note PATH] [--mention WHO,…] [--post] [--json]

Finds the tasks in a note that could become Jira issues: unchecked tasks without a key, TODO:/Action:/AI:
lines, "@person will …" sentences, and (when assistance is on in the plugin settings and the note is in an
allowed folder) what the model finds in the prose. Prints the candidates; writes nothing.
\`estimate\` suggests an estimate for an issue from the done issues of the kept history (similar summaries,
weighted by time spent), with its range and the issues used; no network.
\`suggest\` proposes an issue note's priority, estimate and assignee (and, from the model, next steps for the
Model Suggestions field), from the history, the owners map and the model; it writes nothing.
\`time\` prints a day's worklog suggestions (default today) from the editing activity the plugin recorded in
Obsidian, less the time already logged; it writes nothing (recording needs Obsidian).
\`summarise\` prints a comment saying what changed in the issue's note since the last sync (by the model when
assistance is on, else by comparison); nothing is posted until you run it again with --post after reading it.
See docs/assist.md.

Options:
  --vault DIR              the vault folder (required)
  --note PATH              the note, relative to the vault (detect; suggest finds the issue's note by key without it)
  --key KEY                the issue to estimate or suggest for (estimate, suggest)
  --lines A-B              only lines A to B (a selection)
  --day YYYY-MM-DD         the day (time; default today in the user's zone)
  --mention WHO,...        summarise: reporter, assignee, watchers or users to mention (default assignee)
  --post                   summarise: post the comment (your review is reading the draft first)
  --json                   print {rules, model, warnings, skipped, problem, requests, leftOut} as JSON
  --config-dir NAME        the vault's configuration folder (default .obsidian)
  -h, --help               show this help

Environment:
  LLM_API_KEY              the model server's API key (optional; local servers need none)
  JIRA_API_TOKEN           when set, the site's priorities and assignable users are read from Jira

Exit codes: 0 done, 1 the model's answer could not be used, 2 could not run.
`;

export interface AssistIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

function candidateLine(c: Candidate): string {
  const extra = [c.project ?? "no project", c.issueType, c.priority === null ? null : `priority ${c.priority}`, c.assignee === null ? null : `assignee ${c.assignee.displayName}`, c.estimate === null ? null : `estimate ${c.estimate}`, c.labels.length === 0 ? null : `labels ${c.labels.join(", ")}`].filter((x) => x !== null);
  return `  line ${c.line} (${c.origin}): ${c.summary} [${extra.join("; ")}]\n`;
}

/** Runs `assist …` (argv after `assist`); resolves to the exit code. */
export async function runAssist(argv: readonly string[], io: AssistIo, core: AssistCore & EstimateCore & SuggestCore & NoteCore & TimeCore & SummariseCore): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { vault: { type: "string" }, note: { type: "string" }, key: { type: "string" }, lines: { type: "string" }, day: { type: "string" }, json: { type: "boolean" }, mention: { type: "string" }, post: { type: "boolean" }, "config-dir": { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (e) {
    io.stderr(`jira-vault-sync assist: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(ASSIST_USAGE);
    return 0;
  }
  const fail = (message: string): number => {
    io.stderr(`jira-vault-sync assist: ${message}\n`);
    return 2;
  };
  if (positionals.length === 1 && positionals[0] === "estimate") {
    if (values.vault === undefined || values.key === undefined) return fail("--vault DIR and --key KEY are required.");
    try {
      const { pluginDir, settings } = await loadVaultSettings(values.vault, values["config-dir"] ?? ".obsidian", (m) => new Error(m));
      const siteUrl = siteUrlForKey(settings, values.key);
      if (siteUrl === "") return fail("No Jira site in the plugin settings.");
      const outcome = await suggestEstimate(core, new FsStore(pluginDir), siteUrl, values.key.trim().toUpperCase());
      if (values.json === true) io.stdout(`${JSON.stringify(outcome.ok ? { key: outcome.key, summary: outcome.summary, estimate: outcome.estimate } : { problem: outcome.problem }, null, 2)}\n`);
      else if (outcome.ok) io.stdout(estimateText(outcome));
      else io.stderr(estimateText(outcome));
      return outcome.ok ? 0 : 2;
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }
  if (positionals.length === 1 && positionals[0] === "suggest") {
    if (values.vault === undefined || values.key === undefined) return fail("--vault DIR and --key KEY are required.");
    try {
      return await runSuggest(values.vault, values["config-dir"] ?? ".obsidian", values.key.trim().toUpperCase(), values.note, values.json === true, io, core);
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }
  if (positionals.length === 1 && positionals[0] === "time") {
    if (values.vault === undefined) return fail("--vault DIR is required.");
    try {
      return await runAssistTime(values.vault, values["config-dir"] ?? ".obsidian", values.day, values.json === true, io, core);
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }
  if (positionals.length === 1 && (positionals[0] === "summarise" || positionals[0] === "summarize")) {
    if (values.vault === undefined || values.key === undefined) return fail("--vault DIR and --key KEY are required.");
    const note = values.note === undefined ? null : values.note.split(path.sep).join("/").replace(/^\/+/, "");
    const mention = (values.mention ?? "assignee").split(",").map((m) => m.trim()).filter((m) => m !== "");
    try {
      return await runSummarise({ vault: values.vault, configDir: values["config-dir"] ?? ".obsidian", key: values.key.trim().toUpperCase(), note, mention, post: values.post === true, json: values.json === true }, io, core, noteOfKey);
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }
  if (positionals[0] !== "detect" || positionals.length > 1) return fail(`unknown assist command: ${positionals.join(" ") || "(none)"}. Commands: detect, estimate, suggest, summarise, time.`);
  if (values.vault === undefined || values.note === undefined) return fail("--vault DIR and --note PATH are required.");
  let lines: [number, number] | null = null;
  if (values.lines !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(values.lines.trim());
    if (m === null || Number(m[1]) < 1 || Number(m[2]) < Number(m[1])) return fail("--lines takes A-B, such as 10-24.");
    lines = [Number(m[1]), Number(m[2])];
  }
  try {
    const { settings } = await loadVaultSettings(values.vault, values["config-dir"] ?? ".obsidian", (m) => new Error(m));
    const notePath = values.note.split(path.sep).join("/").replace(/^\/+/, "");
    const text = await readFile(path.join(values.vault, notePath), "utf8").catch(() => null);
    if (text === null) return fail(`Cannot read the note ${notePath} in ${values.vault}.`);
    const site = allSites(settings)[0];
    const defaultProject = site === undefined ? null : (parseProjectKeys(site.projectKeys).projects[0] ?? null);
    const hints: SiteHints = { defaultProject, projects: allProjectKeys(settings), issueType: settings.sync.defaultIssueType };
    if (site !== undefined) {
      const credentials = credentialsOf(site, io.env, false);
      if (typeof credentials !== "string") {
        const transport = new JiraTransport({ siteUrl: site.siteUrl, credentials, http: new FetchHttpClient(), clock: nodeClock });
        const fetched = await fetchSiteHints(transport, defaultProject);
        hints.priorities = fetched.priorities;
        hints.assignable = fetched.assignable;
        for (const p of fetched.problems) io.stderr(`jira-vault-sync assist: ${p}\n`);
      }
    }
    const endpoint = modelEndpoint(settings.assist, { http: new FetchHttpClient(), clock: nodeClock, apiKey: io.env.LLM_API_KEY?.trim() || null });
    const result = await detectTasks(core, endpoint, prepareInput(settings.assist, { path: notePath, text, lines, hints }));
    if (values.json === true) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      io.stdout(`${result.rules.length} task${result.rules.length === 1 ? "" : "s"} found by the rules${result.rules.length === 0 ? "." : ":"}\n`);
      for (const c of result.rules) io.stdout(candidateLine(c));
      if (result.skipped !== null) io.stdout(`Model not asked: ${result.skipped}\n`);
      else if (result.problem === null) {
        io.stdout(`${result.model.length} more found by the model (${result.requests} request${result.requests === 1 ? "" : "s"})${result.model.length === 0 ? "." : ":"}\n`);
        for (const c of result.model) io.stdout(candidateLine(c));
      }
      if (result.leftOut !== null) io.stdout(`Lines ${result.leftOut[0]}–${result.leftOut[1]} did not fit the model's context window and were not sent.\n`);
      if (result.schemaInPrompt) io.stdout("The model server refuses response_format, so the schema went into the prompt (for this session).\n");
      for (const w of result.warnings) io.stdout(`Note: ${w}\n`);
    }
    if (result.problem !== null) {
      io.stderr(`jira-vault-sync assist: the model's answer was not used: ${result.problem}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}

/** The core exports `suggest` needs besides the assistance ones. */
interface NoteCore {
  defaultSyncConfig(): unknown;
  parseNote(text: string, path?: string | null): unknown;
}

/** The vault path (with `/`) of the note whose front matter names `key`, or null. */
async function noteOfKey(vault: string, configDir: string, key: string): Promise<string | null> {
  const names = (await readdir(vault, { recursive: true })).map((n) => n.split(path.sep).join("/")).filter((n) => n.endsWith(".md") && !n.startsWith(`${configDir}/`)).sort();
  const pattern = new RegExp(`^jira_key:\\s*["']?${key}["']?\\s*$`, "m");
  for (const name of names) {
    const text = await readFile(path.join(vault, name), "utf8").catch(() => "");
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
    if (front !== undefined && pattern.test(front)) return name;
  }
  return null;
}

async function runSuggest(vault: string, configDir: string, key: string, note: string | undefined, json: boolean, io: AssistIo, core: SuggestCore & NoteCore): Promise<number> {
  const { pluginDir, settings } = await loadVaultSettings(vault, configDir, (m) => new Error(m));
  const notePath = note === undefined ? await noteOfKey(vault, configDir, key) : note.split(path.sep).join("/").replace(/^\/+/, "");
  if (notePath === null) {
    io.stderr(`jira-vault-sync assist: no note in ${vault} has jira_key ${key}; sync first or give --note.\n`);
    return 2;
  }
  const text = await readFile(path.join(vault, notePath), "utf8").catch(() => null);
  if (text === null) {
    io.stderr(`jira-vault-sync assist: cannot read the note ${notePath} in ${vault}.\n`);
    return 2;
  }
  const siteUrl = siteUrlForKey(settings, key);
  const site = allSites(settings).find((s) => s.siteUrl === siteUrl) ?? allSites(settings)[0];
  const project = key.split("-")[0] ?? null;
  const hints: SiteHints = { defaultProject: project, projects: allProjectKeys(settings), issueType: settings.sync.defaultIssueType };
  if (site !== undefined) {
    const credentials = credentialsOf(site, io.env, false);
    if (typeof credentials !== "string") {
      const fetched = await fetchSiteHints(new JiraTransport({ siteUrl: site.siteUrl, credentials, http: new FetchHttpClient(), clock: nodeClock }), project);
      hints.priorities = fetched.priorities;
      hints.assignable = fetched.assignable;
      for (const p of fetched.problems) io.stderr(`jira-vault-sync assist: ${p}\n`);
    }
  }
  const fields = settings.sync.fields.length > 0 ? settings.sync.fields : ((core.defaultSyncConfig() as { fields: unknown[] }).fields);
  const props = suggestProperties(fields);
  const endpoint = modelEndpoint(settings.assist, { http: new FetchHttpClient(), clock: nodeClock, apiKey: io.env.LLM_API_KEY?.trim() || null });
  const input = suggestInput(settings.assist, { path: notePath, text, key, hints }, props);
  const result = await suggestFields(core, endpoint, await historyBytes(new FsStore(pluginDir), siteUrl), input);
  const frontmatter = ((core.parseNote(text, notePath) as { frontmatter?: Record<string, unknown> | null }).frontmatter ?? {});
  const offered = proposals(result, frontmatter, props, new Date(nodeClock.now()).toISOString().slice(0, 10), settings.assist.model);
  if (json) io.stdout(`${JSON.stringify({ key, note: notePath, ...result, proposals: offered }, null, 2)}\n`);
  else {
    io.stdout(`Suggestions for ${key} (${notePath}):\n`);
    if (offered.length === 0) io.stdout("  nothing beyond what the note already holds\n");
    for (const p of offered) io.stdout(`  ${p.property}: ${p.before === "" ? "(empty)" : p.before} → ${p.after.replace(/\n/g, "\n    ")}${p.why === "" ? "" : `\n    why: ${p.why}`}\n`);
    if (result.skipped !== null) io.stdout(`Model not asked: ${result.skipped}\n`);
    if (result.leftOut !== null) io.stdout(`Lines ${result.leftOut[0]}–${result.leftOut[1]} did not fit the model's context window and were not sent.\n`);
    if (result.schemaInPrompt) io.stdout("The model server refuses response_format, so the schema went into the prompt (for this session).\n");
    for (const w of result.model?.warnings ?? []) io.stdout(`Note: ${w}\n`);
  }
  if (result.problem !== null) {
    io.stderr(`jira-vault-sync assist: the model's answer was not used: ${result.problem}\n`);
    return 1;
  }
  return 0;
}
