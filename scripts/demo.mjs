// The demo: a two-way sync between a copy of examples/vault and the local Jira simulator, run by the headless
// command line (bin/jira-vault-sync.cjs, the same driver and wasm engine as the plugin). It starts the
// simulator with its demo data, copies the example vault to .demo/vault, points the plugin settings there at
// the simulator, syncs, then edits both sides (a note's title, a status change in Jira by another user, and
// the same title changed on both sides), syncs again (an automation rule comments on the issue that entered
// In Review, creates a linked review task and adds a line to the digest note), resolves the conflict and syncs a third time. It prints what happened (with one line about the
// issue history the syncs read), checks the example automation rules, stops the simulator and leaves
// .demo/vault (with the plugin installed) to open in Obsidian.
// Exits 0 unless the demo itself could not run.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, "bin", "jira-vault-sync.cjs");
const vault = path.join(root, ".demo", "vault");
const pluginDir = path.join(vault, ".obsidian", "plugins", "jira-vault-sync");
const LOCAL_NOTE = "Jira/OPS/OPS-13 Nightly backup verification.md";
const CONFLICT_NOTE = "Jira/OPS/OPS-16 Clean up stale alert rules.md";
const REMOTE_KEY = "OPS-1";
const REMOTE_NOTE = "Jira/OPS/OPS-1 Incident automation.md";
const RULES_NOTE = "Jira/Automation.md";
const DIGEST_NOTE = "Jira/Automation digest.md";
const DEMO_RULE = 'name: Review started\nwhen: {status-changed: {to: In Review}}\nthen:\n  - comment:\n      text: "{{issue.key}} is ready for review"\n      mention: [assignee]\n  - create:\n      type: Task\n      summary: "Review {{issue.key}}"\n      link: relates to\n  - digest: "{{issue.summary}} is in review"\n';

if (!existsSync(bin)) {
  const { buildCli } = await import("./build.mjs");
  await buildCli();
}

/** Starts `node scripts/jira-sim.mjs --seed demo` and resolves with its URL once it listens. */
function startSimulator() {
  const child = spawn(process.execPath, [path.join(root, "scripts", "jira-sim.mjs"), "--seed", "demo"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let errors = "";
  child.stderr.on("data", (d) => (errors += d));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m) resolve({ url: m[1], stop: () => child.kill() });
      else reject(new Error(`unexpected simulator output: ${line}`));
    });
    child.once("exit", (code) => reject(new Error(`the simulator exited (${code}): ${errors.trim()}`)));
  });
}

async function jira(user, method, apiPath, body) {
  const auth = Buffer.from(`${user}@example.com:${user}-api-token`).toString("base64");
  const response = await fetch(`${sim.url}/rest/api/3/${apiPath}`, {
    method,
    headers: { Authorization: `Basic ${auth}`, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${apiPath} as ${user}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text === "" ? null : JSON.parse(text);
}

function sync(label) {
  console.log(`\n$ JIRA_API_TOKEN=… jira-vault-sync sync --vault ${path.relative(root, vault)}    # ${label}`);
  const run = spawnSync(process.execPath, [bin, "sync", "--vault", vault], { encoding: "utf8", env: { ...process.env, JIRA_API_TOKEN: "alice-api-token" } });
  const out = `${run.stdout}${run.stderr.replace(/^syncing… .*\n/gm, "")}`;
  console.log(out.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
  console.log(`  (exit code ${run.status})`);
  if (run.status === 2) throw new Error("the sync could not run");
}

const readNote = (rel) => readFileSync(path.join(vault, rel), "utf8");
const editNote = (rel, from, to) => {
  const text = readNote(rel);
  if (!text.includes(from)) throw new Error(`${rel} does not contain ${from}`);
  writeFileSync(path.join(vault, rel), text.replace(from, to));
};
const frontmatterValue = (text, key) => new RegExp(`^${key}: (.*)$`, "m").exec(text)?.[1] ?? "—";

async function demo(url) {
  console.log(`Jira simulator (demo data) at ${url}`);
  rmSync(vault, { recursive: true, force: true });
  cpSync(path.join(root, "examples", "vault"), vault, { recursive: true });
  mkdirSync(pluginDir, { recursive: true });
  // Automation (docs/automation.md): one rule, switched on, that comments when an issue enters In Review.
  const settings = { siteUrl: url, deployment: "cloud", email: "alice@example.com", projectKeys: "OPS", automation: { enabled: true, rulesPath: RULES_NOTE, dailyCap: 20 } };
  writeFileSync(path.join(vault, RULES_NOTE), `# Automation\n\n\`\`\`jira-rule\n${DEMO_RULE}\`\`\`\n`);
  writeFileSync(path.join(pluginDir, "data.json"), `${JSON.stringify({ settings }, null, 2)}\n`);
  console.log(`Vault: ${vault} (a copy of examples/vault; settings in .obsidian/plugins/jira-vault-sync/data.json)`);
  const version = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
  console.log(`\n$ jira-vault-sync --version    # the command line; \`npm pack\` makes it an installable package`);
  console.log(`  ${version.stdout.trim()}`);

  sync("first sync: pulls the OPS issues, links the example notes, creates an issue for Projects/Release 2.4");

  console.log("\nEdits on both sides:");
  editNote(LOCAL_NOTE, "title: Nightly backup verification", "title: Nightly backup and restore verification");
  console.log(`  local  ${LOCAL_NOTE}: title → "Nightly backup and restore verification"`);
  await jira("bob", "POST", `issue/${REMOTE_KEY}/transitions`, { transition: { id: "21" } });
  console.log(`  remote ${REMOTE_KEY} (bob): status In Progress → In Review`);
  editNote(CONFLICT_NOTE, "title: Clean up stale alert rules", "title: Delete stale alert rules");
  await jira("bob", "PUT", "issue/OPS-16", { fields: { summary: "Clean up stale and flapping alert rules" } });
  console.log(`  both   OPS-16: title "Delete stale alert rules" in the note, summary "Clean up stale and flapping alert rules" in Jira (bob)`);

  sync("second sync: pushes the title, pulls the status, keeps both sides of the conflict");

  const issue = await jira("alice", "GET", "issue/OPS-13?fields=summary");
  console.log("\nWhat happened:");
  console.log(`  Jira OPS-13 summary:          "${issue.fields.summary}"`);
  console.log(`  ${REMOTE_NOTE}: current_state: ${frontmatterValue(readNote(REMOTE_NOTE), "current_state")}`);
  const historyFile = readdirSync(pluginDir).find((f) => /^history-.*\.json$/.test(f));
  if (historyFile !== undefined) {
    const history = JSON.parse(readFileSync(path.join(pluginDir, historyFile), "utf8"));
    const issues = Object.values(history.issues ?? {});
    const changes = issues.reduce((n, i) => n + (i.changes?.length ?? 0), 0);
    const moves = issues.find((i) => i.key === REMOTE_KEY)?.changes?.filter((c) => c.field === "status").map((c) => c.toString).join(" → ");
    console.log(`  Issue history (${historyFile}): ${issues.length} issues, ${changes} changes; ${REMOTE_KEY} status: ${moves || "—"}`);
  }
  const comments = await jira("alice", "GET", `issue/${REMOTE_KEY}/comment`);
  const said = (c) => (c.body?.content ?? []).flatMap((p) => p.content ?? []).map((n) => (n.type === "mention" ? n.attrs.text : n.text)).join("");
  console.log(`  Automation (rule "Review started" in ${RULES_NOTE}): ${REMOTE_KEY} comments: ${comments.comments.map((c) => `"${said(c)}"`).join(", ") || "—"}`);
  const linked = (await jira("alice", "GET", `issue/${REMOTE_KEY}?fields=issuelinks`)).fields.issuelinks ?? [];
  const created = linked.map((l) => l.inwardIssue ?? l.outwardIssue).filter((i) => i?.fields?.summary === `Review ${REMOTE_KEY}`);
  console.log(`  Automation (same rule, create action): ${created.map((i) => `${i.key} "${i.fields.summary}", linked to ${REMOTE_KEY}`).join(", ") || "—"}`);
  const digest = existsSync(path.join(vault, DIGEST_NOTE)) ? readNote(DIGEST_NOTE).split("\n").filter((l) => l.startsWith("- ")) : [];
  console.log(`  Automation (same rule, digest action): ${DIGEST_NOTE}: ${digest.join(" | ") || "—"}`);
  const conflict = readNote(CONFLICT_NOTE);
  console.log(`  ${CONFLICT_NOTE}: sync_conflict: ${frontmatterValue(conflict, "sync_conflict")}`);
  const callout = conflict.split("\n").filter((l) => l.startsWith(">"));
  console.log(callout.map((l) => `    │ ${l}`).join("\n"));

  console.log("\nResolving the conflict: keep the note's title; delete the `sync_conflict: true` line and the callout.");
  editNote(CONFLICT_NOTE, "sync_conflict: true\n", "");
  const text = readNote(CONFLICT_NOTE);
  writeFileSync(path.join(vault, CONFLICT_NOTE), text.replace(/^> \[!warning\] Sync conflict\n(?:>.*\n)*\n?/m, ""));
  sync("third sync: the resolved title goes to Jira");
  const resolved = await jira("alice", "GET", "issue/OPS-16?fields=summary");
  console.log(`  Jira OPS-16 summary:          "${resolved.fields.summary}"`);

  const blocker = readdirSync(path.join(vault, "Jira/OPS")).find((f) => f.startsWith("OPS-5 "));
  if (blocker !== undefined) {
    const list = /^blocks:\n((?:\s+- .*\n)+)/m.exec(readNote(`Jira/OPS/${blocker}`))?.[1] ?? "";
    const links = list.split("\n").map((l) => l.replace(/^\s+- /, "").trim()).filter((l) => l !== "");
    console.log(`\nIssue links as note properties (docs/links.md): Jira/OPS/${blocker}`);
    console.log(`  blocks: ${links.join(", ") || "—"}`);
  }

  const projectNote = "Jira/OPS/OPS.md";
  if (existsSync(path.join(vault, projectNote))) {
    const text = readNote(projectNote);
    console.log(`\nProject note (written by each sync, docs/projects.md): ${projectNote}`);
    for (const key of ["project_name", "lead", "category"]) console.log(`  ${key}: ${frontmatterValue(text, key)}`);
    console.log(`  workflow maps: ${(text.match(/^```mermaid$/gm) ?? []).length} Mermaid state diagram(s); Bases file: ${existsSync(path.join(vault, "Jira/OPS/OPS.base")) ? "Jira/OPS/OPS.base" : "—"}`);
  }

  console.log(`\n$ jira-vault-sync report flow --vault ${path.relative(root, vault)} --period last-12-weeks`);
  const report = spawnSync(process.execPath, [bin, "report", "flow", "--vault", vault, "--period", "last-12-weeks"], { encoding: "utf8" });
  console.log(`${report.stdout}${report.stderr}`.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
  const reportPath = /(?:Wrote|Updated|Up to date) (.+\.md)/.exec(report.stdout)?.[1];
  if (reportPath !== undefined) console.log(`  Report note: ${path.join(vault, reportPath)}`);

  // Automation efficiency (docs/metrics.md): the second sync's firing is in the activity record; the digest shows it.
  console.log(`\n$ jira-vault-sync report digest --vault ${path.relative(root, vault)} --period last-4-weeks`);
  const digestReport = spawnSync(process.execPath, [bin, "report", "digest", "--vault", vault, "--period", "last-4-weeks"], { encoding: "utf8" });
  console.log(`${digestReport.stdout}${digestReport.stderr}`.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
  const digestPath = /(?:Wrote|Updated|Up to date) (.+\.md)/.exec(digestReport.stdout)?.[1];
  if (digestPath !== undefined) {
    const section = readNote(digestPath).split("## Automation\n")[1] ?? "";
    const shown = section.split("\n").filter((l) => l.startsWith("| ") || l.startsWith("- ")).slice(0, 6);
    console.log(`  Its Automation section (${digestPath}):`);
    console.log(shown.map((l) => `    ${l}`).join("\n"));
  }

  const queryNote = "Queries/Open OPS work.md";
  mkdirSync(path.join(vault, "Queries"), { recursive: true });
  writeFileSync(
    path.join(vault, queryNote),
    [
      "Live Jira queries (see docs/query-blocks.md); they draw when the note is opened in Obsidian.",
      "",
      "```jira-count",
      "project = OPS AND resolution IS EMPTY",
      "```",
      "",
      "```jira-search",
      "title: Open OPS work",
      "query: project = OPS AND resolution IS EMPTY",
      "columns: key, summary, status, assignee, updated",
      "sort: updated DESC",
      "limit: 10",
      "```",
      "",
    ].join("\n"),
  );
  console.log(`\nQuery blocks: ${queryNote} holds a jira-count and a jira-search block.`);
  const meeting = "Meetings/2026-11-30 Incident review payments.md";
  mkdirSync(path.join(vault, "Meetings"), { recursive: true });
  cpSync(path.join(root, "tests", "fixtures", "assist", "notes", meeting), path.join(vault, meeting));
  console.log(`\n$ JIRA_API_TOKEN=… jira-vault-sync assist detect --vault ${path.relative(root, vault)} --note "${meeting}"    # docs/assist.md`);
  const assist = spawnSync(process.execPath, [bin, "assist", "detect", "--vault", vault, "--note", meeting], { encoding: "utf8", env: { ...process.env, JIRA_API_TOKEN: "alice-api-token" } });
  console.log(`${assist.stdout}${assist.stderr}`.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
  console.log("  (in Obsidian: \"Detect tasks in this note\" lists them for review and creates the accepted ones)");
  const opsDir = path.join(vault, "Jira", "OPS");
  const opsKey = existsSync(opsDir)
    ? readdirSync(opsDir).sort().map((f) => /^jira_key:\s*"?([A-Z]+-\d+)"?\s*$/m.exec(readFileSync(path.join(opsDir, f), "utf8"))?.[1]).find((k) => k !== undefined)
    : undefined;
  if (opsKey !== undefined) {
    console.log(`\n$ JIRA_API_TOKEN=… jira-vault-sync assist suggest --vault ${path.relative(root, vault)} --key ${opsKey}    # docs/assist.md`);
    const suggest = spawnSync(process.execPath, [bin, "assist", "suggest", "--vault", vault, "--key", opsKey], { encoding: "utf8", env: { ...process.env, JIRA_API_TOKEN: "alice-api-token" } });
    console.log(`${suggest.stdout}${suggest.stderr}`.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
    console.log("  (in Obsidian: \"Suggest priority, estimate and assignee\" shows them for review, field by field)");

    // Time suggestions: an activity file as Obsidian records it while "Suggest time from editing activity" is on
    // (here: 50 minutes of editing the issue's note, ending a minute ago). Suggestions are per local day of the
    // Jira user's zone (Alice's, from the sync state); in the first 51 minutes of that day the 50 minutes would
    // straddle midnight, so then they end a minute before it and the demo asks for that day (`--day`).
    const opsNote = readdirSync(opsDir).sort().find((f) => readFileSync(path.join(opsDir, f), "utf8").includes(`jira_key: ${opsKey}`) || readFileSync(path.join(opsDir, f), "utf8").includes(`jira_key: "${opsKey}"`));
    if (opsNote !== undefined) {
      const stateFile = readdirSync(pluginDir).find((f) => /^sync-state-.*\.json$/.test(f));
      const zone = (stateFile === undefined ? undefined : JSON.parse(readFileSync(path.join(pluginDir, stateFile), "utf8")).myself?.timeZone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      const clock = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(new Date()).map((p) => [p.type, Number(p.value)]));
      const sinceMidnight = (clock.hour * 3600 + clock.minute * 60 + clock.second) * 1000;
      const early = sinceMidnight < 51 * 60_000;
      const end = early ? Date.now() - sinceMidnight - 60_000 : Date.now() - 60_000;
      const dayArgs = early ? ["--day", new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date(end))] : [];
      const spans = [{ path: `Jira/OPS/${opsNote}`, key: opsKey, start: end - 50 * 60_000, end }];
      writeFileSync(path.join(pluginDir, "time-activity.json"), `${JSON.stringify({ version: 1, spans, shownDay: null })}\n`);
      console.log(`\n$ jira-vault-sync assist time --vault ${path.relative(root, vault)}${dayArgs.map((a) => ` ${a}`).join("")}    # docs/assist.md (50 minutes of editing recorded)`);
      const time = spawnSync(process.execPath, [bin, "assist", "time", "--vault", vault, ...dayArgs], { encoding: "utf8" });
      console.log(`${time.stdout}${time.stderr}`.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
      console.log("  (in Obsidian: at the end of the day, or \"Suggest time entries for today\", a review window writes accepted entries into the worklog section)");
    }

    // A change to that note's body, summarised as a draft comment (nothing is posted without --post).
    const summaryNote = readdirSync(opsDir).sort().map((f) => path.join(opsDir, f)).find((f) => readFileSync(f, "utf8").includes(opsKey));
    if (summaryNote !== undefined) {
      writeFileSync(summaryNote, `${readFileSync(summaryNote, "utf8").trimEnd()}\n\n## Rollout\n\n- [x] Canary in eu-west\n- [ ] Full rollout\n`);
      console.log(`\n$ jira-vault-sync assist summarise --vault ${path.relative(root, vault)} --key ${opsKey}    # docs/assist.md`);
      const summary = spawnSync(process.execPath, [bin, "assist", "summarise", "--vault", vault, "--key", opsKey], { encoding: "utf8" });
      console.log(`${summary.stdout}${summary.stderr}`.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
      console.log("  (in Obsidian: \"Summarise my changes as an issue comment\" opens it for review; Post comment posts it with mentions)");
    }
  }

  console.log(`\n$ jira-vault-sync check --vault ${path.relative(root, vault)}`);
  const check = spawnSync(process.execPath, [bin, "check", "--vault", vault], { encoding: "utf8" });
  console.log(`${check.stdout}${check.stderr}`.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
  console.log(`  (exit code ${check.status}; in Obsidian: "Check vault health" writes Jira/Vault health.md)`);

  // Automation rules: the example rules note (all switched off), checked from the command line.
  const rulesNote = path.join(vault, "Jira", "Automation.md");
  writeFileSync(rulesNote, readFileSync(path.join(root, "src", "automation", "example_rules.md"), "utf8"));
  console.log(`\n$ jira-vault-sync automation check --vault ${path.relative(root, vault)}`);
  const rules = spawnSync(process.execPath, [bin, "automation", "check", "--vault", vault], { encoding: "utf8" });
  console.log(`${rules.stdout}${rules.stderr}`.trimEnd().split("\n").slice(0, 6).map((l) => `  ${l}`).join("\n"));
  console.log(`  … (exit code ${rules.status}; in Obsidian: "Open automation rules" opens Jira/Automation.md, each rule a card)`);

  // Epic folders (docs/epic-folders.md): switched on in the vault's settings, then the notes are arranged.
  const data = JSON.parse(readFileSync(path.join(pluginDir, "data.json"), "utf8"));
  data.settings.sync = { ...data.settings.sync, epicFolders: true };
  writeFileSync(path.join(pluginDir, "data.json"), `${JSON.stringify(data, null, 2)}\n`);
  for (const dry of [true, false]) {
    const args = ["sync", "--vault", vault, "--arrange", ...(dry ? ["--dry-run"] : [])];
    console.log(`\n$ JIRA_API_TOKEN=… jira-vault-sync ${args.slice(0, 1).join(" ")} --vault ${path.relative(root, vault)} --arrange${dry ? " --dry-run" : ""}    # epic folders on`);
    const arranged = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, JIRA_API_TOKEN: "alice-api-token" } });
    const lines = `${arranged.stdout}${arranged.stderr.replace(/^syncing… .*\n/gm, "")}`.trimEnd().split("\n");
    console.log(lines.filter((l) => !dry || / -> |^Dry run|^Would move/.test(l)).map((l) => `  ${l}`).join("\n"));
  }
  console.log("  (in Obsidian: \"Arrange notes by epic\" previews the moves, then makes them)");

  for (const file of ["main.js", "manifest.json", "styles.css"]) {
    if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(pluginDir, file));
  }
  console.log(`\nOpen ${vault} in Obsidian as a vault (the plugin is installed there; enable community plugins).`);
}

const sim = await startSimulator();
try {
  await demo(sim.url);
} finally {
  sim.stop();
}
