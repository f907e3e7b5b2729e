// @vitest-environment happy-dom
// Transition screens asked in Obsidian (issue #15), in the BUNDLED main.js against the obsidian stub and the
// in-process simulator's company site, whose Done transition requires a resolution: a note moved to completed
// with no default for it makes "Sync now" open a modal with the resolutions Jira allows; the answer retries the
// note's move (and, with "remember", becomes the project's default), Cancel leaves the error in the log.
import { describe, expect, it, vi } from "vitest";
import type { SimHandle } from "../../tests/jira-sim/server";
import { command as commandOf, openPlugin, siteApp, useBundle, whenIdle } from "./harness/bundle-session";
import { type FakeApp, type Modal, Modals, Notice, type Plugin, Setting } from "./harness/obsidian-stub";

const PROJECT = "NET";

let app: FakeApp;
let plugin: Plugin;
let sim: SimHandle | null = null;

const command = (id: string) => commandOf(plugin, id);
const rows = (modal: Modal) => Setting.all.filter((s) => modal.contentEl.contains(s.settingEl));
const idle = () => whenIdle(plugin);

useBundle();

async function start(): Promise<void> {
  ({ sim, app } = await siteApp({ seed: "company", settings: { projectKeys: PROJECT } }));
  plugin = await openPlugin(app);
  await command("sync-now").callback!();
}

/** Open issues of the project in To Do without a parent or sub-tasks, by their notes' paths. */
function openNotes(): { key: string; path: string }[] {
  const st = sim!.sim.store.state;
  const toDo = st.statuses.find((s) => s.name === "To Do")?.id;
  const keys = st.issues
    .filter((i) => i.projectKey === PROJECT && i.statusId === toDo && i.parentId === null && !st.issues.some((c) => c.parentId === i.id))
    .map((i) => i.key);
  return Object.keys(app.vault.texts())
    .map((path) => ({ path, key: /\njira_key: (\S+)\n/.exec(app.vault.texts()[path] ?? "")?.[1] ?? "" }))
    .filter((n) => keys.includes(n.key));
}

async function complete(path: string): Promise<void> {
  await app.vault.process(app.vault.getFileByPath(path)!, (t) => t.replace(/\ncurrent_state: \S+\n/, "\ncurrent_state: completed\n"));
}

const issue = (key: string) => {
  const st = sim!.sim.store.state;
  const i = sim!.sim.store.issue(key);
  return { status: st.statuses.find((s) => s.id === i?.statusId)?.name, resolution: (st.resolutions ?? []).find((r) => r.id === i?.resolutionId)?.name };
};

describe("bundled main.js: transition fields asked in a modal", () => {
  it("asks for the resolution with Jira's allowed values, retries the move with the answer and remembers it", async () => {
    await start();
    const [a, b] = openNotes();
    expect(a && b, "two open notes").toBeTruthy();
    await complete(a!.path);
    await command("sync-now").callback!();
    expect(Modals.open).toHaveLength(1);
    const modal = Modals.open[0]!;
    expect(modal.titleEl.textContent).toBe("Fields for the move to Done");
    expect(modal.contentEl.textContent).toContain(`${a!.key} moves to Done`);
    const [field, remember, buttons] = rows(modal);
    expect(field!.nameEl.textContent).toBe("Resolution");
    expect([...field!.dropdowns[0]!.selectEl.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["Done", "Won't Do", "Duplicate", "Cannot Reproduce"]);
    expect(issue(a!.key).status).toBe("To Do");
    await field!.dropdowns[0]!.choose("Won't Do");
    await remember!.toggles[0]!.changed!(true);
    await buttons!.buttons.find((x) => x.buttonEl.textContent === "Retry the move")!.click();
    expect(Modals.open).toHaveLength(0);
    await idle();
    await vi.waitFor(() => expect(issue(a!.key)).toEqual({ status: "Done", resolution: "Won't Do" }), { timeout: 15_000 });
    const saved = app.data as { settings: { sync: { transitionDefaults: unknown } } };
    expect(saved.settings.sync.transitionDefaults).toEqual({ [PROJECT]: { Resolution: "Won't Do" } });

    // Remembered: the next note moves to Done without asking.
    await complete(b!.path);
    await command("sync-now").callback!();
    await idle();
    expect(Modals.open).toHaveLength(0);
    expect(issue(b!.key)).toEqual({ status: "Done", resolution: "Won't Do" });
  }, 60_000);

  it("Cancel moves nothing, keeps no default, and the sync log keeps the error", async () => {
    await start();
    const [a] = openNotes();
    await complete(a!.path);
    await command("sync-now").callback!();
    const modal = Modals.open[0]!;
    const buttons = rows(modal).at(-1)!;
    await buttons.buttons.find((x) => x.buttonEl.textContent === "Cancel")!.click();
    await idle();
    expect(Modals.open).toHaveLength(0);
    expect(issue(a!.key).status).toBe("To Do");
    const saved = app.data as { settings?: { sync?: { transitionDefaults?: unknown } } };
    expect(saved.settings?.sync?.transitionDefaults ?? {}).toEqual({});
    expect(Notice.messages.join("\n")).toMatch(/error/i);
  }, 60_000);
});
