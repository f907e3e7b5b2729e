// `npm run demo` (scripts/demo.mjs): a two-way sync of a copy of examples/vault with the simulator through the
// headless CLI. This checks what it reports: a clean first sync, the local title edit reaching Jira, the
// remote status change reaching the note, the conflict shown in the note, the resolution pushed, and the closing
// vault health check.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let run: Run;

beforeAll(async () => {
  run = await new Promise<Run>((resolve, reject) => {
    const child = spawn("node", ["scripts/demo.mjs"]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Uint8Array) => (stdout += String(d)));
    child.stderr.on("data", (d: Uint8Array) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}, 120_000);

describe("npm run demo (two-way sync with the simulator)", () => {
  it("exits cleanly and names the scratch vault", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Vault: .*\.demo[/\\]vault/);
    expect(run.stdout).toMatch(/\$ jira-vault-sync --version .*\n {2}jira-vault-sync \d+\.\d+\.\d+\n/);
  });

  it("links the example notes and creates an issue on a clean first sync", () => {
    expect(run.stdout).toMatch(/# first sync.*\n {2}Sync finished: 22 fetched, 18 notes created, .*1 issue created, .*0 conflicts, 0 errors.*\n {2}History: 22 issues read \(full, .*\n {2}Projects: 1 project note written; 1 Bases file written.*\n {2}\(exit code 0\)/);
    expect(readFileSync(".demo/vault/Projects/Release 2.4.md", "utf8")).toContain("jira_key: OPS-22");
  });

  it("shows an issue's links as a note property of wiki-links", () => {
    expect(run.stdout).toMatch(/Issue links as note properties \(docs\/links\.md\): Jira\/OPS\/OPS-5 .*\.md\n {2}blocks: "?\[\[OPS-7 /);
  });

  it("writes the OPS project note and its Bases file", () => {
    expect(run.stdout).toContain("Project note (written by each sync, docs/projects.md): Jira/OPS/OPS.md");
    expect(run.stdout).toContain("  project_name: Operations");
    const note = readFileSync(".demo/vault/Jira/OPS/OPS.md", "utf8");
    expect(note).toContain("jira_project_note: OPS");
    expect(note).toContain("```mermaid\nstateDiagram-v2");
    expect(readFileSync(".demo/vault/Jira/OPS/OPS.base", "utf8")).toContain('name: "By status"');
  });

  it("pushes the local title edit to Jira and pulls the remote status change into the note", () => {
    expect(run.stdout).toContain('Jira OPS-13 summary:          "Nightly backup and restore verification"');
    expect(run.stdout).toContain("Jira/OPS/OPS-1 Incident automation.md: current_state: reviewing");
    expect(readFileSync(".demo/vault/Jira/OPS/OPS-1 Incident automation.md", "utf8")).toContain("current_state: reviewing");
  });

  it("runs the automation rule with the second sync: a comment mentioning the assignee on the issue that entered In Review", () => {
    expect(run.stdout).toMatch(/Automation \(1\):\n {4}OPS-1 {2}Review started: comment "OPS-1 is ready for review" mentioning the assignee/);
    expect(run.stdout).toContain('Automation (rule "Review started" in Jira/Automation.md): OPS-1 comments: "@Alice Berlin OPS-1 is ready for review"');
    expect(run.stdout).toMatch(/Automation \(same rule, digest action\): Jira\/Automation digest\.md: - \d\d:\d\d \[\[Jira\/OPS\/OPS-1 Incident automation\|OPS-1\]\] Incident automation is in review\n/);
  });

  it("shows the conflict (exit code 1 on that sync) with both values in a callout", () => {
    expect(run.stdout).toMatch(/conflict +Jira\/OPS\/OPS-16 Clean up stale alert rules\.md OPS-16: conflict in title: both sides changed/);
    expect(run.stdout).toContain("(exit code 1)");
    expect(run.stdout).toContain("> [!warning] Sync conflict");
    expect(run.stdout).toContain('`title`: local `"Delete stale alert rules"` · remote `"Clean up stale and flapping alert rules"`');
  });

  it("pushes the resolution once the conflict flag is removed", () => {
    expect(run.stdout).toContain('Jira OPS-16 summary:          "Delete stale alert rules"');
    const note = readFileSync(".demo/vault/Jira/OPS/OPS-16 Clean up stale alert rules.md", "utf8");
    expect(note).not.toContain("sync_conflict");
    expect(note).toContain("title: Delete stale alert rules");
  });

  it("lists the tasks of a meeting note (rules; assistance is off, so no model is asked)", () => {
    expect(run.stdout).toContain("  4 tasks found by the rules:\n    line 17 (taskItem): Make the batch job release its connections [OPS; Task; priority High]");
    expect(run.stdout).toContain("Model not asked: Assistance is off");
  });

  it("suggests priority, estimate and assignee for an OPS issue note (no model asked)", () => {
    expect(run.stdout).toMatch(/\$ JIRA_API_TOKEN=… jira-vault-sync assist suggest --vault \.demo\/vault --key OPS-\d+ {4}# docs\/assist\.md\n {2}Suggestions for OPS-\d+ \(Jira\/OPS\/[^)]+\.md\):\n/);
    expect(run.stdout).toContain("  Model not asked: Assistance is off");
  });

  it("drafts a summary of a change to that note's body, posting nothing", () => {
    expect(run.stdout).toMatch(/\$ jira-vault-sync assist summarise --vault \.demo\/vault --key (OPS-\d+) {4}# docs\/assist\.md\n {2}What changed in the note of OPS-\d+:\n {2}- Done: Canary in eu-west\n {2}- New task: Full rollout\n {2}- New section “Rollout”\n/);
    expect(run.stdout).toContain("Nothing was posted. Mentions: assignee. Run again with --post to post this comment to OPS-");
  });

  it("ends with a vault health check: the note created outside the project's folder, with its fix (exit code 1)", () => {
    expect(run.stdout).toContain("$ jira-vault-sync check --vault .demo/vault\n  warning outsideProjectFolder: Projects/Release 2.4.md\n");
    expect(run.stdout).toContain("    fix: move to Jira/OPS/Release 2.4.md\n  1 finding (0 errors, 1 warning).\n  (exit code 1;");
  });

  it("prints the time suggestions from a recorded activity file (50 minutes of editing: 45m)", () => {
    expect(run.stdout).toMatch(/\$ jira-vault-sync assist time --vault .*\n {2}Time suggestions for \d{4}-\d{2}-\d{2} \(.+\):\n {4}OPS-\d+: 45m \(edited 50 min, logged 0 min\) → Jira\/OPS\/.+\.md\n/);
  });
});
