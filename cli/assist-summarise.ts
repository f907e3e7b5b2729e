// `jira-vault-sync assist summarise --vault DIR --key KEY [--mention WHO,…] [--post] [--json]` (docs/assist.md):
// the draft comment saying what changed in the issue's note since the last sync (by the model when assistance is
// on and the note is allowed, else by comparison with the body kept in the sync state). Without `--post` it only
// prints the draft; the command line's review is the user reading it and running again with `--post`, which
// posts that draft (drafted again from the same texts) as a comment through the sync's comment path, in a sync
// of that one note. Exit codes: 0 done, 1 the model's answer or the post failed (the comparison's draft is still
// printed), 2 could not run.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { recipients, reviewedComment, stateBytes, type SummaryCore, summaryDraft, summaryInput } from "../plugin/src/assist/change-summary";
import { modelEndpoint } from "../plugin/src/assist/model-endpoint";
import { JiraTransport } from "../plugin/src/jira/client";
import { allSites, siteUrlForKey } from "../plugin/src/settings/settings";
import { toSyncConfig } from "../plugin/src/settings/sync-settings";
import { runSync } from "../plugin/src/sync/driver";
import type { RunInput, SyncConfig, SyncEngineFromStored, SyncEngineLike } from "../plugin/src/sync/types";
import { IO_CONCURRENCY } from "../plugin/src/vault/bounded-io";
import { FetchHttpClient, nodeClock } from "./node/http-fetch";
import { FsStore } from "./node/fs-store";
import { FsVault } from "./node/fs-vault";
import { credentialsOf, loadVaultSettings } from "./options";

export interface SummariseIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

export interface SummariseCore extends SummaryCore {
  defaultSyncConfig(): unknown;
  createEngine(input: RunInput): SyncEngineLike;
  /** The engine from the state's stored texts (`SyncEngine.fromStored`); absent: `createEngine` with the loaded state. */
  createEngineFromStored?: SyncEngineFromStored;
}

export interface SummariseArgs {
  vault: string;
  configDir: string;
  key: string;
  /** The note; found by its `jira_key` when absent. */
  note: string | null;
  /** `reporter`, `assignee`, `watchers` or a user (account id on Cloud, user name on Data Center). */
  mention: string[];
  post: boolean;
  json: boolean;
}

/** Runs `assist summarise`; resolves to the exit code. */
export async function runSummarise(args: SummariseArgs, io: SummariseIo, core: SummariseCore, noteOfKey: (vault: string, configDir: string, key: string) => Promise<string | null>): Promise<number> {
  const { pluginDir, settings } = await loadVaultSettings(args.vault, args.configDir, (m) => new Error(m));
  const notePath = args.note ?? (await noteOfKey(args.vault, args.configDir, args.key));
  if (notePath === null) {
    io.stderr(`jira-vault-sync assist: no note in ${args.vault} has jira_key ${args.key}; sync first or give --note.\n`);
    return 2;
  }
  const text = await readFile(path.join(args.vault, notePath), "utf8").catch(() => null);
  if (text === null) {
    io.stderr(`jira-vault-sync assist: cannot read the note ${notePath} in ${args.vault}.\n`);
    return 2;
  }
  const siteUrl = siteUrlForKey(settings, args.key);
  const store = new FsStore(pluginDir);
  const endpoint = modelEndpoint(settings.assist, { http: new FetchHttpClient(), clock: nodeClock, apiKey: io.env.LLM_API_KEY?.trim() || null });
  const draft = await summaryDraft(core, endpoint, await stateBytes(store, siteUrl), summaryInput(settings.assist, { path: notePath, text, key: args.key }));
  const roles = { reporter: args.mention.includes("reporter"), assignee: args.mention.includes("assignee"), watchers: args.mention.includes("watchers") };
  const mention = recipients(roles, args.mention.filter((m) => !["reporter", "assignee", "watchers"].includes(m)));
  let posted: string | null = null;
  let code = draft.problem === null ? 0 : 1;
  if (args.post && draft.nothing === null) {
    const site = allSites(settings).find((s) => s.siteUrl === siteUrl);
    const credentials = site === undefined ? "No Jira site in the plugin settings." : credentialsOf(site, io.env, false);
    const comment = reviewedComment(args.key, draft.text, mention);
    if (typeof credentials === "string" || typeof comment === "string" || site === undefined) {
      posted = `not posted: ${typeof credentials === "string" ? credentials : typeof comment === "string" ? comment : "no site"}`;
      code = 2;
    } else {
      const transport = new JiraTransport({ siteUrl, credentials, http: new FetchHttpClient(), clock: nodeClock });
      const config = toSyncConfig(settings, settings.sync, core.defaultSyncConfig() as SyncConfig);
      const report = await runSync(
        { engine: (input) => core.createEngine(input), engineFromStored: core.createEngineFromStored?.bind(core), transport, vault: new FsVault(args.vault, IO_CONCURRENCY, store), store, now: () => Date.now(), runId: () => Date.now().toString(36) },
        { config, siteUrl, deployment: site.deployment, mode: { kind: "notes", paths: [notePath] }, defaultIssueType: settings.sync.defaultIssueType, comments: [comment] },
      );
      const entries = report.entries.filter((e) => e.key === args.key && e.message.startsWith("automation: comment"));
      const failed = entries.find((e) => e.level !== "info") ?? report.entries.find((e) => e.message.startsWith("the comment was not posted"));
      posted = report.fatal !== undefined ? `not posted: ${report.fatal.split("\n")[0] ?? ""}` : failed !== undefined ? `not posted: ${failed.message}` : entries.length > 0 ? "posted" : "not confirmed: see the sync log";
      if (posted !== "posted") code = Math.max(code, 1);
    }
  }
  if (args.json) io.stdout(`${JSON.stringify({ note: notePath, ...draft, mention, ...(posted === null ? {} : { posted }) }, null, 2)}\n`);
  else if (draft.nothing !== null) io.stdout(`${draft.nothing}\n`);
  else {
    io.stdout(`${draft.text}\n\n`);
    io.stdout(draft.by === "model" ? `Written by the model (${draft.requests} request${draft.requests === 1 ? "" : "s"}).\n` : `Written from a comparison of the texts${draft.skipped !== null ? ` (model not asked: ${draft.skipped})` : ""}.\n`);
    if (draft.problem !== null) io.stderr(`jira-vault-sync assist: the model's answer was not used: ${draft.problem}\n`);
    if (draft.leftOut !== null) io.stdout(`Rows ${draft.leftOut[0]}–${draft.leftOut[1]} of the changes did not fit the model's context window and were not sent.\n`);
    for (const w of draft.warnings) io.stdout(`Note: ${w}\n`);
    io.stdout(posted === null ? `Nothing was posted. Mentions: ${args.mention.join(", ") || "none"}. Run again with --post to post this comment to ${args.key}.\n` : `Comment ${posted}.\n`);
  }
  return code;
}
