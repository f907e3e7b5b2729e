// @vitest-environment happy-dom
// The BUNDLED main.js's two-way sync against the obsidian stub and the in-process Jira simulator (the
// stub's requestUrl forwards to it over node:http): the commands (ids, names, no hotkeys), the status bar,
// "Sync now" writing notes into the stub vault and filling the badge cache, the refusal without a token,
// linking a note through the modal (which, with no base yet, conflicts on differing fields), resolving a conflict by keeping the note's values, the sync log view,
// and the sync settings rows (validated by the core, invalid values not saved).
import { describe, expect, it, vi } from "vitest";
import type { SimHandle } from "../../tests/jira-sim/server";
import { command as commandOf, openPlugin, PLUGIN_ID, siteApp, useBundle, whenIdle } from "./harness/bundle-session";
import { forwardRequest } from "./harness/forward-request";
import { type FakeApp, Modals, Notice, type Plugin, RequestUrl, Setting, type SuggestModal, TFile } from "./harness/obsidian-stub";

let app: FakeApp;
let plugin: Plugin;
let sim: SimHandle | null = null;

interface SyncHandle {
  service: { busy: boolean; status(): { conflicts: number } };
}

useBundle();

async function start(settings: Record<string, unknown> = {}, token: string | null = "alice-api-token", withoutCustomFields?: string[], appStarting = false): Promise<void> {
  ({ sim, app } = await siteApp({ settings, token, sim: { withoutCustomFields } }));
  app.workspace.layoutReady = !appStarting;
  plugin = await openPlugin(app);
}

const command = (id: string) => commandOf(plugin, id);
const sync = () => (plugin as unknown as { sync: SyncHandle }).sync;
const statusText = () => plugin.statusBarItems[0]!.textContent;
const idle = () => whenIdle(plugin);

/** A project's note or Bases file, which the sync writes beside the issue notes. */
const PROJECT_FILE = /^Jira\/[A-Z][A-Z0-9_]*\/[A-Z][A-Z0-9_]*\.(md|base)$/;

describe("bundled main.js: sync", () => {
  it("registers the sync commands with kebab-case ids, sentence-case names and no hotkeys, and a status bar item", async () => {
    await start();
    expect(plugin.commands.map((c) => [c.id, c.name])).toEqual([
      ["show-jira-keys", "Show issue keys in current note"],
      ["sync-now", "Sync now"],
      ["pull-from-jira", "Pull changes only"],
      ["rebuild-jira-history", "Rebuild issue history"],
      ["push-current-note", "Push current note"],
      ["create-jira-issue-from-current-note", "Create issue from current note"],
      ["link-current-note-to-an-issue", "Link current note to an issue"],
      ["open-current-note-issue-in-jira", "Open current note's issue in the browser"],
      ["resolve-sync-conflicts", "Resolve sync conflicts"],
      ["mark-conflict-resolved", "Mark conflict resolved"],
      ["show-sync-log", "Show sync log"],
      ["preview-automation", "Preview automation"],
      ["run-automation-now", "Run automation now"],
      ["arrange-notes-by-epic", "Arrange notes by epic"],
      ["refresh-project-notes", "Refresh project notes"],
      ["map-unmapped-statuses", "Map unmapped statuses…"],
      ["reconcile-time", "Reconcile time"],
      ["time-report", "Time report"],
      ["generate-report", "Generate report…"],
      ["refresh-report", "Refresh report"],
      ["check-vault-health", "Check vault health"],
      ["detect-tasks", "Detect tasks in this note"],
      ["suggest-estimate", "Suggest an estimate"],
      ["show-assist-request", "Show what will be sent to the model"],
      ["suggest-fields", "Suggest priority, estimate and assignee"],
      ["suggest-time-entries", "Suggest time entries for today"],
      ["summarise-changes", "Summarise my changes as an issue comment"],
      ["refresh-jira-queries-in-this-note", "Refresh query blocks in this note"],
      ["open-automation-rules", "Open automation rules"],
    ]);
    expect(plugin.commands.every((c) => c.hotkeys === undefined)).toBe(true);
    expect(statusText()).toBe("Jira: not synced");
    // Note commands hide without an active note.
    expect(command("push-current-note").checkCallback!(true)).toBe(false);
  });

  it("Sync now writes the notes into the vault, fills the badge cache, saves state in the plugin folder and reports", async () => {
    await start();
    await command("sync-now").callback!();
    // The issue notes, and the project's note and Bases file (docs/projects.md).
    const paths = Object.keys(app.vault.texts()).filter((p) => !PROJECT_FILE.test(p));
    expect(Object.keys(app.vault.texts()).filter((p) => PROJECT_FILE.test(p)).sort()).toEqual(["Jira/OPS/OPS.base", "Jira/OPS/OPS.md"]);
    expect(paths).toHaveLength(21);
    expect(paths.every((p) => p.startsWith("Jira/OPS/OPS-"))).toBe(true);
    expect(app.vault.texts()["Jira/OPS/OPS-1 Incident automation.md"]).toContain("jira_key: OPS-1\ntitle: Incident automation\n");
    // 21 issue notes (the child issues sections then written into 3 of them are not counted again).
    expect(Notice.messages).toContain("Sync finished: 21 notes created.");
    expect(statusText()).toMatch(/^Jira: synced \d\d:\d\d$/);
    const cacheFile = JSON.parse(app.vault.adapter.files.get(`_config/plugins/${PLUGIN_ID}/issue-cache.json`) ?? "null") as { issues: Record<string, { status: string; statusCategory: string }> };
    expect(cacheFile.issues["OPS-1"]).toMatchObject({ status: "In Progress", statusCategory: "indeterminate" });
    expect(app.data).not.toHaveProperty("issueCache");
    const stateFiles = [...app.vault.adapter.files.keys()];
    expect(stateFiles.some((p) => p.startsWith(`_config/plugins/${PLUGIN_ID}/sync-state-`))).toBe(true);
    expect(JSON.stringify([...app.vault.adapter.files.values()])).not.toContain("alice-api-token");
    // The log view lists the run, newest first; the status bar opens the same view.
    await command("show-sync-log").callback!();
    const leaf = app.workspace.viewLeaves[0]!;
    const view = leaf.view as { contentEl: HTMLElement };
    const rows = [...view.contentEl.querySelectorAll(".jvs-log-entry")];
    expect(rows[0]!.textContent).toContain("Sync finished: 21 notes created.");
    plugin.statusBarItems[0]!.dispatchEvent(new Event("click"));
    expect(app.workspace.viewLeaves).toHaveLength(1);
  });

  it("keeps the status's conflict count by note events, without walking the vault after each created note", async () => {
    await start();
    await command("sync-now").callback!();
    expect(sync().service.status().conflicts).toBe(0);
    // A first sync creates notes one by one while the status is drawn after each step: count the vault walks.
    const list = vi.spyOn(app.vault, "getMarkdownFiles");
    for (let i = 0; i < 50; i++) {
      await app.vault.create(`Jira/OPS/Extra ${i}.md`, i === 7 ? "---\nsync_conflict: true\n---\n" : "text\n");
      sync().service.status();
    }
    expect(list).not.toHaveBeenCalled();
    expect(sync().service.status().conflicts).toBe(1);
    // Resolving the conflict (the flag goes) is seen through the modify event.
    const file = app.vault.getFileByPath("Jira/OPS/Extra 7.md")!;
    await app.vault.process(file, () => "resolved\n");
    expect(sync().service.status().conflicts).toBe(0);
  });

  it("shows a progress notice when a user-started run takes over a second, then hides it for the summary", async () => {
    await start();
    const real = window.setTimeout.bind(window);
    // The one-second wait for the progress notice passes at once; other timers run normally.
    vi.spyOn(window, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      if (ms === 1000) {
        fn();
        return 0;
      }
      return real(fn, ms);
    }) as unknown as typeof window.setTimeout);
    await command("sync-now").callback!();
    const [progress, summary] = Notice.all;
    expect(progress!.duration).toBe(0);
    expect(progress!.message).toMatch(/^Jira sync: \d+ requests, 24 notes written…$/);
    expect(progress!.hidden).toBe(true);
    expect(summary!.message).toBe("Sync finished: 21 notes created.");
    expect(Notice.all).toHaveLength(2);
  });

  it("refuses to sync without a token and says what is missing", async () => {
    await start({}, null);
    await command("sync-now").callback!();
    expect(Notice.messages).toEqual(["Jira sync did not run: Enter an API token."]);
    expect(statusText()).toBe("Jira: 1 error");
    expect(RequestUrl.calls).toHaveLength(0);
    expect(app.vault.texts()).toEqual({});
  });

  it("refuses to sync without projects or a JQL filter: a notice from a command, one log line (no notice) from the schedule", async () => {
    const intervals: { fn: () => void; ms: number }[] = [];
    vi.spyOn(window, "setInterval").mockImplementation(((fn: () => void, ms: number) => {
      intervals.push({ fn, ms });
      return intervals.length;
    }) as unknown as typeof window.setInterval);
    await start({ projectKeys: "", sync: { intervalMinutes: 15, syncOnStartup: true } }, "alice-api-token", undefined, true);
    app.workspace.fireLayoutReady();
    await (plugin as unknown as { starting: { ready: Promise<unknown> } }).starting.ready;
    Notice.messages = [];
    await command("sync-now").callback!();
    await command("pull-from-jira").callback!();
    expect(Notice.messages).toHaveLength(2);
    for (const message of Notice.messages) expect(message).toBe("Jira sync did not run: Choose what to sync first: pick projects (or enter a JQL filter) under Sync scope in the plugin settings.");
    Notice.messages = [];
    intervals[0]!.fn();
    intervals[0]!.fn();
    await idle();
    expect(Notice.messages).toEqual([]);
    const log = (sync() as unknown as { service: { log(): { message: string }[] } }).service.log();
    expect(log.filter((e) => e.message.startsWith("Scheduled sync did not run: Choose what to sync first"))).toHaveLength(1);
    expect(sim!.admin.log()).toEqual([]);
    expect(RequestUrl.calls).toHaveLength(0);
    expect(app.vault.texts()).toEqual({});
  });

  it("stays quiet on schedule when the site lacks the mapped AI fields: warnings in the log, no error notice", async () => {
    const intervals: { fn: () => void; ms: number }[] = [];
    vi.spyOn(window, "setInterval").mockImplementation(((fn: () => void, ms: number) => {
      intervals.push({ fn, ms });
      return intervals.length;
    }) as unknown as typeof window.setInterval);
    await start({ sync: { intervalMinutes: 15 } }, "alice-api-token", ["LLM Context", "Model Suggestions", "Automation Status"]);
    intervals[0]!.fn();
    await idle();
    expect(Object.keys(app.vault.texts()).filter((p) => !PROJECT_FILE.test(p))).toHaveLength(21);
    expect(Notice.messages).toEqual([]);
    expect(statusText()).toMatch(/^Jira: synced/);
    intervals[0]!.fn();
    await idle();
    expect(Notice.messages).toEqual([]);
  });

  it("links a note to an issue through the modal (key validated) and syncs it", async () => {
    await start();
    const file = app.vault.seed("Notes/Idea.md", "---\ntitle: My idea\n---\nSome text\n");
    app.workspace.activeFile = file;
    expect(command("link-current-note-to-an-issue").checkCallback!(false)).toBe(true);
    const key = Setting.all.find((s) => s.nameEl.textContent === "Issue key")!;
    const submit = Setting.all.at(-1)!.buttons[0]!;
    await key.texts[0]!.type("not a key");
    await submit.click();
    expect(Modals.open).toHaveLength(1);
    expect(Modals.open[0]!.contentEl.textContent).toContain("Enter an issue key, such as OPS-12.");
    await key.texts[0]!.type("ops-2");
    await submit.click();
    expect(Modals.open).toHaveLength(0);
    await vi.waitFor(() => expect(app.vault.texts()["Notes/Idea.md"]).toMatch(/^---\ntitle: My idea\njira_key: OPS-2\n/), { timeout: 15_000 });
    await idle();
    // A newly linked note has no base: fields that differ from Jira become a conflict, the rest is pulled.
    const linked = app.vault.texts()["Notes/Idea.md"]!;
    expect(linked).toContain("current_state: pending\nsync_conflict: true\n");
    expect(linked).toContain("> - `title`: local `\"My idea\"` · remote `\"Runbook sync\"` · base none");
    expect(statusText()).toBe("Jira: 1 conflict");
  });

  it("resolves a conflict by keeping the note's values: callouts and flag go, the note's title reaches Jira", async () => {
    await start();
    await command("sync-now").callback!();
    const path = "Jira/OPS/OPS-1 Incident automation.md";
    const text = app.vault.texts()[path]!;
    app.vault.files.set(path, text.replace("title: Incident automation", "title: Mine"));
    await forwardRequest({ url: `${sim!.url}/rest/api/3/issue/OPS-1`, method: "PUT", headers: { "Content-Type": "application/json", Authorization: `Basic ${btoa("bob@example.com:bob-api-token")}` }, body: JSON.stringify({ fields: { summary: "Theirs" } }) });
    await command("sync-now").callback!();
    const conflicted = app.vault.texts()[path]!;
    expect(conflicted).toContain("sync_conflict: true");
    expect(conflicted).toContain("> [!warning] Sync conflict");
    expect(statusText()).toBe("Jira: 1 conflict");
    // The log names the note; clicking it opens the note.
    await command("show-sync-log").callback!();
    const view = app.workspace.viewLeaves[0]!.view as { contentEl: HTMLElement };
    const link = view.contentEl.querySelector<HTMLElement>(".jvs-log-conflict .jvs-log-note")!;
    expect(link.textContent).toBe(path);
    link.dispatchEvent(new Event("click"));
    expect(app.workspace.opened).toEqual([path]);

    await command("resolve-sync-conflicts").callback!();
    const notes = Modals.open[0] as SuggestModal<string>;
    expect(await notes.labels()).toEqual([path]);
    await notes.choose(0);
    const choices = Modals.open[0] as SuggestModal<unknown>;
    expect((await choices.labels())[0]).toMatch(/^Keep mine/);
    await choices.choose(0);
    await vi.waitFor(() => expect(app.vault.texts()[path]).not.toContain("sync_conflict"), { timeout: 15_000 });
    await idle();
    const resolved = app.vault.texts()[path]!;
    expect(resolved).not.toContain("[!warning]");
    expect(resolved).toContain("title: Mine");
    const issue = JSON.parse((await forwardRequest({ url: `${sim!.url}/rest/api/3/issue/OPS-1`, headers: { Authorization: `Basic ${btoa("alice@example.com:alice-api-token")}` } })).text) as {
      fields: { summary: string };
    };
    expect(issue.fields.summary).toBe("Mine");
    expect(statusText()).toMatch(/^Jira: synced/);
  });

  it("resolves a conflict by taking Jira's values: the title and flag follow Jira, nothing is pushed", async () => {
    await start();
    await command("sync-now").callback!();
    const path = "Jira/OPS/OPS-1 Incident automation.md";
    app.vault.files.set(path, app.vault.texts()[path]!.replace("title: Incident automation", "title: Mine"));
    await forwardRequest({ url: `${sim!.url}/rest/api/3/issue/OPS-1`, method: "PUT", headers: { "Content-Type": "application/json", Authorization: `Basic ${btoa("bob@example.com:bob-api-token")}` }, body: JSON.stringify({ fields: { summary: "Theirs" } }) });
    await command("sync-now").callback!();
    expect(app.vault.texts()[path]).toContain("sync_conflict: true");
    await command("resolve-sync-conflicts").callback!();
    await (Modals.open[0] as SuggestModal<string>).choose(0);
    const choices = Modals.open[0] as SuggestModal<unknown>;
    expect((await choices.labels())[1]).toMatch(/^Keep Jira's/);
    sim!.admin.clearLog();
    await choices.choose(1);
    await vi.waitFor(() => expect(app.vault.texts()[path]).not.toContain("sync_conflict"), { timeout: 15_000 });
    await idle();
    const resolved = app.vault.texts()[path]!;
    expect(resolved).toContain("title: Theirs");
    expect(resolved).not.toContain("[!warning]");
    expect(sim!.admin.log().filter((r) => r.method === "PUT")).toEqual([]);
    expect(statusText()).toMatch(/^Jira: synced/);
  });

  it("creates an issue from a note, asking for the project when the note names none", async () => {
    await start();
    const file = app.vault.seed("Notes/New thing.md", "---\ntitle: A new thing\n---\nDetails\n");
    app.workspace.activeFile = file;
    expect(command("open-current-note-issue-in-jira").checkCallback!(true)).toBe(false);
    expect(command("create-jira-issue-from-current-note").checkCallback!(false)).toBe(true);
    const project = Setting.all.find((s) => s.nameEl.textContent === "Project")!;
    await project.texts[0]!.type("ops");
    await Setting.all.at(-1)!.buttons[0]!.click();
    // The simulator's first create can take over a second (it loads its ADF schema then).
    await vi.waitFor(() => expect(app.vault.texts()["Notes/New thing.md"]).toMatch(/jira_key: OPS-22\n/), { timeout: 15_000 });
    await idle();
    const created = app.vault.texts()["Notes/New thing.md"]!;
    expect(created).toContain("jira_project: OPS");
    expect(created).toContain("title: A new thing");
    // Now linked: the create command hides and "Open in Jira" opens the issue.
    expect(command("create-jira-issue-from-current-note").checkCallback!(true)).toBe(false);
    const opened: string[] = [];
    vi.spyOn(window, "open").mockImplementation((url) => {
      opened.push(String(url));
      return null;
    });
    expect(command("open-current-note-issue-in-jira").checkCallback!(false)).toBe(true);
    expect(opened).toEqual([`${sim!.url}/browse/OPS-22`]);
  });

  it("pushes a linked note ~5 s after the user edits it, ignoring the sync's own writes", async () => {
    await start({ sync: { syncOnChange: true } });
    await command("sync-now").callback!();
    const path = "Jira/OPS/OPS-1 Incident automation.md";
    const timers: { fn: () => void; ms: number }[] = [];
    const spy = vi.spyOn(window, "setTimeout").mockImplementation(((fn: () => void, ms: number) => {
      timers.push({ fn, ms });
      return timers.length;
    }) as unknown as typeof window.setTimeout);
    // The sync just wrote this note: its modify event is the sync's own.
    app.vault.trigger("modify", new TFile(path));
    expect(timers.filter((t) => t.ms === 5000)).toHaveLength(0);
    spy.mockRestore();
    expect(Object.keys(app.vault.texts())).toContain(path);
    sim!.admin.clearLog();
    // Two quick edits by the user: one push, for that note only.
    const later = Date.now() + 10_000;
    vi.spyOn(Date, "now").mockReturnValue(later);
    const mocked = vi.spyOn(window, "setTimeout").mockImplementation(((fn: () => void, ms: number) => {
      timers.push({ fn, ms });
      return timers.length;
    }) as unknown as typeof window.setTimeout);
    app.vault.files.set(path, app.vault.texts()[path]!.replace(/^title: .*$/m, "title: Incident automation v2"));
    app.vault.trigger("modify", new TFile(path));
    app.vault.trigger("modify", new TFile(path));
    mocked.mockRestore();
    vi.mocked(Date.now).mockRestore();
    const pushes = timers.filter((t) => t.ms === 5000);
    expect(pushes).toHaveLength(2);
    pushes.at(-1)!.fn();
    await vi.waitFor(() => expect(sim!.admin.log().some((r) => r.method === "PUT")).toBe(true), { timeout: 15_000 });
    await idle();
    expect(Notice.messages.at(-1)).toBe("Sync finished: 21 notes created.");
  });

  it("syncs quietly after the layout is ready and every N minutes when the settings say so", async () => {
    const intervals: { fn: () => void; ms: number }[] = [];
    vi.spyOn(window, "setInterval").mockImplementation(((fn: () => void, ms: number) => {
      intervals.push({ fn, ms });
      return intervals.length;
    }) as unknown as typeof window.setInterval);
    await start({ sync: { syncOnStartup: true, intervalMinutes: 15 } }, "alice-api-token", undefined, true);
    // onload reads no setting at app start-up: the interval is set once the layout is ready.
    expect(intervals).toEqual([]);
    app.workspace.fireLayoutReady();
    expect(intervals.map((i) => i.ms)).toEqual([15 * 60_000]);
    // The core starts now, and the earlier sessions' log is restored; the start-up sync waits for both.
    await (plugin as unknown as { starting: { ready: Promise<unknown> } }).starting.ready;
    // The 21 issue notes (the project note and its Bases file follow right after the sync, in either order).
    await vi.waitFor(() => expect(Object.keys(app.vault.texts()).filter((p) => !PROJECT_FILE.test(p))).toHaveLength(21), { timeout: 15_000 });
    await idle();
    expect(Notice.messages).toEqual([]);
    expect(statusText()).toMatch(/^Jira: synced/);
    sim!.admin.clearLog();
    intervals[0]!.fn();
    await idle();
    // One search for the sync, one for the issue history (nothing new: no changelog read).
    expect(sim!.admin.log().map((r) => r.path)).toEqual(["/rest/api/3/search/jql", "/rest/api/3/search/jql"]);
    expect(Notice.messages).toEqual([]);
  });

  it("Reconcile time offers a sync in the app for entries still to push", async () => {
    await start();
    await command("sync-now").callback!();
    await idle();
    const path = "Jira/OPS/OPS-1 Incident automation.md";
    app.vault.seed(path, `${app.vault.texts()[path]!}\n## Worklog\n- 2025-06-10 1h Review\n`);
    await command("reconcile-time").callback!();
    await vi.waitFor(() => expect(Modals.open[0]?.contentEl.querySelector("button")).not.toBeNull(), { timeout: 15_000 });
    const footer = Modals.open[0]!.contentEl;
    expect(footer.textContent).not.toContain("npx");
    const button = [...footer.querySelectorAll("button")].find((b) => b.textContent === "Sync now")!;
    sim!.admin.clearLog();
    button.click();
    await vi.waitFor(() => expect(sim!.admin.log().map((r) => r.path)).toContain("/rest/api/3/search/jql"), { timeout: 15_000 });
    await idle();
  });

  it("sync settings: templates are checked by the core and invalid values are not saved", async () => {
    await start();
    Setting.all = [];
    plugin.settingTabs[0]!.display();
    const headings = Setting.all.filter((s) => s.heading).map((s) => s.nameEl.textContent);
    expect(headings).toEqual(["Sync scope", "Badges", "Reports", "Other Jira sites", "New issues and conflicts", "Schedule", "Mappings", "Workflow", "Hierarchy and links", "Time tracking", "Time suggestions", "Assistance", "Automation"]);
    const row = (name: string) => Setting.all.find((s) => s.nameEl.textContent === name)!;
    const settings = () => (app.data as { settings: { sync: Record<string, unknown> } } | null)?.settings.sync;
    await row("Folder template").texts[0]!.type("Jira/{NOPE}/");
    expect(row("Folder template").descEl.textContent).toContain("unknown placeholder {NOPE}");
    expect(settings()?.folderTemplate ?? "Jira/{PROJECT}/").toBe("Jira/{PROJECT}/");
    await row("Folder template").texts[0]!.type("Work/{PROJECT}/");
    expect(settings()?.folderTemplate).toBe("Work/{PROJECT}/");
    // The mappings as JSON: under "Advanced: edit as JSON", opened on demand.
    await row("Advanced: edit as JSON").buttons[0]!.click();
    const fields = row("Field mappings as JSON").textAreas[0]!;
    const shown = fields.getValue();
    expect(JSON.parse(shown)).toContainEqual({ jira: "summary", note: { frontmatter: "title" }, direction: "both" });
    await fields.type("{ not json");
    expect(row("Field mappings as JSON").descEl.textContent).toContain("Not valid JSON.");
    await row("Sync interval").texts[0]!.type("15");
    expect(settings()?.intervalMinutes).toBe(15);
    await row("Sync interval").texts[0]!.type("soon");
    expect(row("Sync interval").descEl.textContent).toContain("Enter a whole number of minutes");
    expect(settings()?.intervalMinutes).toBe(15);
    // A valid edit of the mappings is saved; "Reset to defaults" empties them again (= the built-in ones).
    const edited = (JSON.parse(shown) as unknown[]).slice(0, 3);
    await fields.type(JSON.stringify(edited));
    expect(settings()?.fields).toEqual(edited);
    await fields.type(JSON.stringify([{ jira: "summary", note: { frontmatter: "title" }, direction: "sideways" }]));
    expect(settings()?.fields).toEqual(edited);
    await row("Reset mappings").buttons[0]!.click();
    expect(settings()?.fields).toEqual(edited);
    const confirm = Setting.all.filter((st) => Modals.open[0]!.contentEl.contains(st.settingEl)).flatMap((st) => st.buttons);
    await confirm.find((b) => b.buttonEl.textContent === "Reset mappings")!.click();
    expect(settings()?.fields).toEqual([]);
    // The conflict policy: marking is the default; choosing one side is saved and reaches the sync config.
    const policy = row("When both sides changed").dropdowns[0]!;
    expect(policy.value).toBe("mark");
    await policy.choose("preferJira");
    expect(settings()?.conflictPolicy).toBe("preferJira");
    // Workflow: project notes on by default; transition defaults typed as PROJECT: field = value lines.
    expect(row("Project notes").toggles[0]!.value).toBe(true);
    await row("Transition defaults").textAreas[0]!.type("OPS: resolution = Done\nSRCH resolution");
    expect(row("Transition defaults").descEl.textContent).toContain("Line 2: write PROJECT: field = value");
    expect(settings()?.transitionDefaults ?? {}).toEqual({});
    await row("Transition defaults").textAreas[0]!.type("OPS: resolution = Done\nsrch: Resolution = Won't Do");
    expect(settings()?.transitionDefaults).toEqual({ OPS: { resolution: "Done" }, SRCH: { Resolution: "Won't Do" } });
    // Time tracking: off by default; switching it on and an invalid number are handled like the other rows.
    const time = () => settings()?.timeTracking as Record<string, unknown> | undefined;
    await row("Sync worklogs").toggles[0]!.changed?.(true);
    expect(time()?.enabled).toBe(true);
    await row("Hours per day").texts[0]!.type("7.5");
    expect(time()?.hoursPerDay).toBe(7.5);
    await row("Hours per day").texts[0]!.type("30");
    expect(row("Hours per day").descEl.textContent).toContain("at most 24");
    expect(time()?.hoursPerDay).toBe(7.5);
  });
});
