// Project alignment (issue #15) against the simulator's company site, on Cloud and Data Center.
//
// Project notes and Bases files: after a sync, the project note is written with Jira's metadata, never taken
// for an issue by the next sync, not rewritten when nothing changed, refreshed when a version is added in Jira
// (the user's text and front matter kept); the Bases file is written once and left after the user edits it.
//
// Transition defaults: the company site's Done transition has a screen that requires a resolution. A note moved to Done
// without a default for its project fails alone, before anything is posted, with a message naming the field and
// where its default is set; with `transitionDefaults` (Settings → Workflow → Transition defaults) the sync posts
// the transition with the resolution and the issue is Done.
import { afterEach, describe, expect, it } from "vitest";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { JiraTransport } from "../../plugin/src/jira/client";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { type ProjectNotesReport, refreshProjectNotes } from "../../plugin/src/projects/project-notes";
import { companyConfig } from "./company";
import { CLOUD_ALICE, DC_ALICE, loadCoreSync, world, type World } from "./harness";
import { editFrontmatter, frontmatter, issueFields, noteOf } from "./helpers";

const PROJECT = "NET";

let w: World;
afterEach(async () => w.stop());

/** The default mappings without the AI custom fields this site lacks, plus the resolution (pulled). */
function withResolution(config: SyncConfig): SyncConfig {
  return companyConfig(config, { jira: "resolution", note: { frontmatter: "resolution" }, direction: "pull" });
}

/** Open issues of the project without a parent (To Do, In Progress or In Review). */
function openIssues(w: World): string[] {
  const st = w.sim.sim.store.state;
  const done = st.statuses.filter((s) => s.category === "done").map((s) => s.id);
  return st.issues.filter((i) => i.projectKey === PROJECT && !i.parentId && !done.includes(i.statusId)).map((i) => i.key);
}

function transitionPosts(w: World): unknown[] {
  return w.sim.admin
    .log()
    .filter((e) => e.method === "POST" && e.path.endsWith("/transitions"))
    .map((e) => e.body);
}

/** Refreshes the world's project notes as the plugin does after a sync. */
function refresh(w: World): Promise<ProjectNotesReport> {
  const transport = new JiraTransport({ siteUrl: w.sim.url, credentials: w.mode === "cloud" ? CLOUD_ALICE : DC_ALICE, http: new FetchHttpClient(), clock: w.clock, timeoutMs: 5000 });
  return refreshProjectNotes({ core: loadCoreSync(), transport, vault: w.vault, store: w.store }, { config: w.config, siteUrl: w.sim.url, deployment: w.mode });
}

describe.each(["cloud", "datacenter"] as const)("project notes and Bases files (%s)", (mode) => {
  it("writes the project note and base, never syncs the note as an issue, refreshes it and keeps the user's parts", async () => {
    w = await world({ mode, seed: "company", projects: [PROJECT] });
    Object.assign(w.config, withResolution(w.config));
    const first = await w.sync();
    expect(first.exitCode).toBe(0);
    const note = `Jira/${PROJECT}/${PROJECT}.md`;
    const base = `Jira/${PROJECT}/${PROJECT}.base`;

    const written = await refresh(w);
    expect(written.problems).toEqual([]);
    expect(written.written).toEqual([note]);
    expect(written.bases).toEqual([base]);
    const text = w.vault.files()[note] ?? "";
    const front = frontmatter(text);
    const project = w.sim.sim.store.project(PROJECT);
    const lead = w.sim.sim.store.user(project?.leadAccountId ?? "");
    const versions = (w.sim.sim.store.state.versions ?? []).filter((v) => v.projectKey === PROJECT);
    expect(front).toMatchObject({
      jira_project_note: PROJECT,
      project_name: "Network",
      lead: lead?.displayName,
      category: "Engineering",
      components: ["Backend", "Frontend", "Infrastructure"],
      versions: versions.map((v) => v.name),
      issue_types: ["Epic", "Task", "Bug", "Story", "Sub-task"],
    });
    expect(front.jira_key).toBeUndefined();
    expect(text).toContain(`| ${versions[0]?.name ?? ""} | ${versions[0]?.releaseDate ?? ""} | released |`);
    // The workflow map shows the transitions the first sync learned nothing about yet: statuses only.
    expect(text).toContain("```mermaid\nstateDiagram-v2\n    state \"To Do = pending\" as s0\n");
    expect(w.vault.files()[base]).toContain('file.inFolder(\\"Jira/NET\\")');

    // The next sync does not take the project note for a new issue, and a refresh writes nothing.
    const issues = w.sim.sim.store.state.issues.length;
    const again = await w.sync();
    expect(again.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(again.counts.issuesCreated).toBe(0);
    expect(w.sim.sim.store.state.issues).toHaveLength(issues);
    expect(w.vault.files()[note]).toBe(text);
    const quiet = await refresh(w);
    expect([quiet.written, quiet.bases]).toEqual([[], []]);

    // The user writes below the generated part and adds a property; Jira gets a new version.
    const mine = text.replace("---\n", "---\nowner: network-team\n") + "Quarterly goals: fewer pages at night.\n";
    w.vault.set(note, mine);
    w.sim.sim.store.state.versions?.push({ id: "19999", projectKey: PROJECT, name: "9.9.0", released: false, archived: false, releaseDate: "2026-12-31" });
    const refreshed = await refresh(w);
    expect(refreshed.written).toEqual([note]);
    const after = w.vault.files()[note] ?? "";
    expect(after).toContain("| 9.9.0 | 2026-12-31 | unreleased |");
    expect(frontmatter(after)).toMatchObject({ owner: "network-team", versions: [...versions.map((v) => v.name), "9.9.0"] });
    expect(after.endsWith("## Notes\n\nQuarterly goals: fewer pages at night.\n")).toBe(true);

    // The user edits the base: it is left as it is from then on.
    const edited = (w.vault.files()[base] ?? "").replace("By assignee", "Who does what");
    w.vault.set(base, edited);
    const kept = await refresh(w);
    expect(kept.basesKept).toEqual([base]);
    expect(kept.bases).toEqual([]);
    expect(w.vault.files()[base]).toBe(edited);
  }, 60_000);
});

describe.each(["cloud", "datacenter"] as const)("transition defaults (%s)", (mode) => {
  it("moves a note to Done with the project's resolution default, and names the field without one", async () => {
    w = await world({ mode, seed: "company", projects: [PROJECT] });
    Object.assign(w.config, withResolution(w.config));
    const first0 = await w.sync();
    expect(first0.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(first0.exitCode).toBe(0);
    const [first, second] = openIssues(w);
    expect(first && second, "two open issues").toBeTruthy();
    const a = first ?? "";
    const b = second ?? "";

    // No default: the status change fails alone, nothing is posted, and the message says what to set where.
    editFrontmatter(w, noteOf(w, a).path, { current_state: "completed" });
    w.sim.admin.clearLog();
    const refused = await w.sync();
    const problems = refused.entries.filter((e) => e.level !== "info");
    expect(problems.map((e) => [e.path, e.message])).toEqual([
      [
        noteOf(w, a).path,
        'status not changed: the transition to "Done" cannot be made: its screen requires the field "Resolution", which has no default; ' +
          `set it for project ${PROJECT} under "Transition defaults" in the plugin's settings (Workflow section), as a line such as "${PROJECT}: Resolution = Done"`,
      ],
    ]);
    // The report asks the same as a question the plugin shows in a modal: the field with its allowed values.
    expect(refused.screenQuestions).toEqual([
      {
        path: noteOf(w, a).path,
        key: a,
        project: PROJECT,
        to: "Done",
        fields: [
          {
            id: "resolution",
            name: "Resolution",
            required: true,
            kind: "resolution",
            allowed: ["Done", "Won't Do", "Duplicate", "Cannot Reproduce"].map((label) => ({ id: expect.any(String) as unknown, label })),
          },
        ],
      },
    ]);
    expect(transitionPosts(w)).toEqual([]);
    expect((await issueFields(w, a)).status.name).not.toBe("Done");
    expect(frontmatter(noteOf(w, a).text).current_state).toBe("completed");

    // A default that is not one of the allowed resolutions is named with the allowed ones.
    w.config.transitionDefaults = { [PROJECT]: { resolution: "Fixed" } };
    const wrong = await w.sync();
    expect(wrong.entries.filter((e) => e.level !== "info").map((e) => e.message)).toEqual([
      'status not changed: the transition to "Done" cannot be made: the default "Fixed" for "Resolution" is not one of: Done, Won\'t Do, Duplicate, Cannot Reproduce; ' +
        `set it for project ${PROJECT} under "Transition defaults" in the plugin's settings (Workflow section)`,
    ]);

    // With a default (the project key and field name as the user types them), both notes reach Done.
    w.config.transitionDefaults = { [PROJECT.toLowerCase()]: { Resolution: "won't do" } };
    editFrontmatter(w, noteOf(w, b).path, { current_state: "completed" });
    w.sim.admin.clearLog();
    const done = await w.sync();
    expect(done.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(done.exitCode).toBe(0);
    const posts = transitionPosts(w) as { transition: { id: string }; fields?: unknown }[];
    const closing = posts.filter((p) => p.transition.id === "31");
    expect(closing).toEqual([
      { transition: { id: "31" }, fields: { resolution: { id: "10001" } } },
      { transition: { id: "31" }, fields: { resolution: { id: "10001" } } },
    ]);
    // Transitions without a screen are posted without fields.
    expect(posts.filter((p) => p.transition.id !== "31").every((p) => p.fields === undefined)).toBe(true);
    for (const key of [a, b]) {
      const fields = await issueFields(w, key);
      expect(fields.status.name).toBe("Done");
      expect(fields.resolution).toMatchObject({ name: "Won't Do" });
    }
    // The pulled resolution reaches the notes on the next sync, which then is quiet.
    const after = await w.sync();
    expect(after.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(frontmatter(noteOf(w, a).text)).toMatchObject({ current_state: "completed", resolution: "Won't Do" });
  }, 60_000);
});
