// @vitest-environment happy-dom
// Time suggestions in the BUNDLED main.js against the stub `obsidian` module (docs/assist.md): editor changes of
// a linked note (fired as the workspace's `editor-change` events, with a fake clock through `Date.now`) are
// recorded with the idle cut-off into the plugin folder's file only; **Suggest time entries for today** opens the
// review window in the Jira user's zone; the accepted (edited) entry is written into the note's worklog section;
// nothing is recorded while the setting is off; the end-of-day review opens when it is due.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { openPlugin, useBundle } from "./harness/bundle-session";
import { fakeApp, type FakeApp, Modals, Notice, type Plugin, TFile } from "./harness/obsidian-stub";

const SITE = "https://example.atlassian.net";
const DIR = "_config/plugins/jira-vault-sync";
const NOTE = "Jira/OPS/OPS-16 Fix login.md";
const MIN = 60_000;
const T0 = Date.parse("2026-12-03T08:00:00Z"); // 09:00 in Berlin

let app: FakeApp;
let plugin: Plugin;
let now = T0;
let handlers: Map<string, ((...args: unknown[]) => unknown)[]>;

const command = (id: string) => plugin.commands.find((c) => c.id === id)!;

/** The workspace events the stub does not have: `on`, `offref`, and a trigger. */
function addWorkspaceEvents(): void {
  handlers = new Map();
  const ws = app.workspace as unknown as Record<string, unknown>;
  ws.on = (name: string, cb: (...args: unknown[]) => unknown) => {
    handlers.set(name, [...(handlers.get(name) ?? []), cb]);
    return { name, cb };
  };
  ws.offref = (ref: { name: string; cb: unknown }) => handlers.set(ref.name, (handlers.get(ref.name) ?? []).filter((h) => h !== ref.cb));
}

/** Types in the note at `minute` minutes after T0. */
function edit(minute: number, path = NOTE): void {
  now = T0 + minute * MIN;
  for (const h of handlers.get("editor-change") ?? []) h({}, { file: new TFile(path) });
}

async function start(timeSuggestions: Record<string, unknown>): Promise<void> {
  app = fakeApp({ settings: { siteUrl: SITE, projectKeys: "OPS", timeSuggestions } });
  app.vault.adapter.files.set(`${DIR}/sync-state-example-atlassian-net.json`, JSON.stringify({ baseUrl: SITE, myself: { accountId: "acc-me", timeZone: "Europe/Berlin" }, issues: {} }));
  app.vault.seed(NOTE, "---\njira_key: OPS-16\n---\n# Fix login\n\nNotes.\n");
  app.vault.seed("Inbox.md", "Plain note.\n");
  addWorkspaceEvents();
  plugin = await openPlugin(app);
  await (plugin as unknown as { starting: { ready: Promise<unknown> } }).starting.ready;
}

useBundle();

beforeEach(() => {
  now = T0;
  vi.spyOn(Date, "now").mockImplementation(() => now);
});

describe("bundled main.js: time suggestions", () => {
  it("records editing of a linked note and writes the accepted entry into its worklog section", async () => {
    await start({ enabled: true });
    for (let m = 0; m <= 40; m += 4) edit(m); // 40 minutes
    edit(52); // a 12-minute pause: over the 5-minute cut-off, not counted
    edit(56); // 4 more
    edit(57, "Inbox.md"); // 56–57 still counts for OPS-16; the unlinked note's own time does not
    edit(59, "Inbox.md");

    command("suggest-time-entries").callback!();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1));
    const modal = Modals.open[0]!;
    expect(modal.titleEl.textContent).toBe("Time suggestions for 2026-12-03");
    expect(modal.contentEl.textContent).toContain("OPS-16: 45m");
    expect(modal.contentEl.textContent).toContain(`${NOTE} · edited 45 min, logged 0 min`);
    // The activity file is in the plugin folder; nothing went into the note.
    const activity = JSON.parse(app.vault.adapter.files.get(`${DIR}/time-activity.json`) ?? "{}") as { spans: { key: string }[] };
    expect(activity.spans.map((s) => s.key)).toEqual(["OPS-16", "OPS-16"]);
    expect(app.vault.files.get(NOTE)).toBe("---\njira_key: OPS-16\n---\n# Fix login\n\nNotes.\n");

    const [duration, comment] = [...modal.contentEl.querySelectorAll<HTMLInputElement>("input[type=text]")];
    duration!.value = "40m";
    comment!.value = "Fixed the login redirect";
    [...modal.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Write accepted to notes")!.click();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(0));
    expect(app.vault.files.get(NOTE)).toBe("---\njira_key: OPS-16\n---\n# Fix login\n\nNotes.\n\n## Worklog\n- 2026-12-03 40m Fixed the login redirect\n");
    expect(Notice.messages.at(-1)).toBe("Wrote 1 worklog line; time tracking is off in the sync settings, so they stay in the notes.");

    // Logged now: 5 minutes left, nothing to suggest.
    command("suggest-time-entries").callback!();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1));
    expect(Modals.open[0]!.contentEl.textContent).toContain("Nothing to suggest");
  });

  it("a duration that cannot be read is named and nothing is written", async () => {
    await start({ enabled: true });
    for (let m = 0; m <= 30; m += 3) edit(m);
    command("suggest-time-entries").callback!();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1));
    const modal = Modals.open[0]!;
    modal.contentEl.querySelector<HTMLInputElement>("input[type=text]")!.value = "soon";
    [...modal.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Write accepted to notes")!.click();
    await vi.waitFor(() => expect(modal.contentEl.textContent).toContain("OPS-16: Enter a duration such as 45m or 1h 30m, not 'soon'."));
    expect(Modals.open).toHaveLength(1);
    expect(app.vault.files.get(NOTE)).not.toContain("Worklog");
  });

  it("records nothing while off (the default)", async () => {
    await start({});
    expect(handlers.get("editor-change") ?? []).toHaveLength(0);
    command("suggest-time-entries").callback!();
    expect(Notice.messages.at(-1)).toBe("Time suggestions are off: turn them on in the settings (nothing is recorded while they are off).");
    expect(app.vault.adapter.files.has(`${DIR}/time-activity.json`)).toBe(false);
  });

  it("opens the review once the end of the day has passed", async () => {
    await start({ enabled: true, endOfDay: "17:30" });
    for (let m = 0; m <= 30; m += 3) edit(m);
    const store = (plugin as unknown as { store: { settings: { get(): { timeSuggestions: object }; update(p: object): Promise<void> } } }).store.settings;
    const toggle = async () => {
      await store.update({ timeSuggestions: { ...store.get().timeSuggestions, enabled: false } });
      await store.update({ timeSuggestions: { ...store.get().timeSuggestions, enabled: true } });
    };
    now = Date.parse("2026-12-03T16:20:00Z"); // 17:20 in Berlin: not yet
    await toggle();
    await new Promise((r) => window.setTimeout(r, 200));
    expect(Modals.open).toHaveLength(0);
    now = Date.parse("2026-12-03T16:31:00Z"); // 17:31
    await toggle();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1));
    expect(Modals.open[0]!.titleEl.textContent).toBe("Time suggestions for 2026-12-03");
    const saved = JSON.parse(app.vault.adapter.files.get(`${DIR}/time-activity.json`) ?? "{}") as { shownDay: string };
    expect(saved.shownDay).toBe("2026-12-03");
  });
});
