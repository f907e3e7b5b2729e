// The demo: runs the Rust core (the same wasm that ships inside main.js) over examples/vault and prints what
// it finds in every note: front matter, Jira link and state, tasks, Jira keys, links, tags and diagnostics.
// Then it shows a lossless front matter edit. It reads the example vault and writes nothing.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "../pkg/jira_vault_sync.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const vault = path.join(root, "examples", "vault");
core.initSync({ module: readFileSync(path.join(root, "pkg", "jira_vault_sync_bg.wasm")) });

function* markdownFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* markdownFiles(full);
    else if (name.endsWith(".md")) yield full;
  }
}

const list = (items) => (items.length ? items.join(", ") : "—");

console.log(`Jira Vault Sync core ${core.version()}: scanning ${path.relative(process.cwd(), vault) || "."}\n`);
let notes = 0;
let openTasks = 0;
const keys = new Set();
for (const file of markdownFiles(vault)) {
  const rel = path.relative(vault, file).split(path.sep).join("/");
  const note = core.parseNote(readFileSync(file, "utf8"), rel);
  notes += 1;
  const fm = note.frontmatter;
  console.log(`■ ${rel}`);
  console.log(`  title:        ${note.title}`);
  if (fm === null && note.frontmatterRange) console.log("  front matter: malformed (read-only for sync)");
  else if (fm) console.log(`  front matter: ${list(Object.keys(fm))}`);
  if (fm?.jira_key) console.log(`  linked issue: ${fm.jira_key} (${fm.current_state ?? "no state"})`);
  // Done ([x]) and cancelled ([-]) tasks are not open.
  const open = note.tasks.filter((t) => !t.checked && t.status !== "-");
  openTasks += open.length;
  if (note.tasks.length) {
    console.log(`  tasks:        ${note.tasks.length} (${open.length} open)`);
    for (const t of note.tasks) {
      const extras = [t.due && `due ${t.due}`, t.priority && `priority ${t.priority}`, t.jiraKey && `→ ${t.jiraKey}`]
        .filter(Boolean)
        .join(", ");
      console.log(`    [${t.status}] ${t.description ?? t.text}${extras ? `  (${extras})` : ""}`);
    }
  }
  for (const k of note.jiraKeys) keys.add(k.key);
  console.log(`  Jira keys:    ${list(note.jiraKeys.map((k) => `${k.key}@${k.line}`))}`);
  console.log(`  wiki links:   ${list(note.wikiLinks.map((l) => (l.embed ? "!" : "") + l.target))}`);
  console.log(`  tags:         ${list(note.tags.map((t) => `#${t.name}`))}`);
  for (const d of note.diagnostics) console.log(`  ${d.severity} ${d.line}:${d.column} ${d.code}: ${d.message}`);
  console.log("");
}
console.log(`${notes} notes, ${openTasks} open tasks, ${keys.size} distinct Jira keys mentioned: ${list([...keys].sort())}\n`);

// A lossless front matter edit: only the named keys change, every other byte stays.
const sample = readFileSync(path.join(vault, "Jira/OPS/OPS-15 Rotate TLS certificates.md"), "utf8");
const edited = core.updateFrontmatter(sample, { current_state: "active", time_spent: "1h 30m" });
console.log("updateFrontmatter(OPS-15, { current_state: 'active', time_spent: '1h 30m' }) gives:\n");
console.log(edited.split("\n").slice(0, 10).map((l) => `  │ ${l}`).join("\n"));
console.log("\nThe plugin is in main.js; copy main.js, manifest.json and styles.css into <vault>/.obsidian/plugins/jira-vault-sync/.");
