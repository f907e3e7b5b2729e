// @vitest-environment happy-dom
// The BUNDLED main.js's "Arrange notes by epic" against the obsidian stub and the in-process Jira simulator: with
// the layout off it only says how to turn it on; on, it previews the moves (issue, from, to) in a modal and writes
// nothing; the modal's button runs the arranging sync, which moves the epic's children into the epic's folder
// through Obsidian's file manager. With the layout on, *Check vault health* finds a child note outside its epic's
// folder, and its Fix moves the note there the same way (the next sync leaves it there).
import { describe, expect, it, vi } from "vitest";
import { command as commandOf, openPlugin, siteApp, unloadPlugin, useBundle, whenIdle } from "./harness/bundle-session";
import { type FakeApp, type Modal, Modals, Notice, type Plugin, Setting } from "./harness/obsidian-stub";

let app: FakeApp;
let plugin: Plugin;

useBundle();

async function load(): Promise<void> {
  plugin = await openPlugin(app);
}

/** The simulated site synced once into a new vault with the layout off (the default). */
async function syncedFlat(): Promise<void> {
  ({ app } = await siteApp());
  await load();
  await command("sync-now").callback!();
  await idle();
}

/** The user turns the layout on (as the settings toggle saves it); the plugin starts again with it. */
async function turnLayoutOn(): Promise<void> {
  unloadPlugin(plugin);
  const saved = (app.data as { settings: { sync?: Record<string, unknown> } }).settings;
  saved.sync = { ...saved.sync, epicFolders: true };
  await load();
}

const command = (id: string) => commandOf(plugin, id);
const idle = () => whenIdle(plugin);
const rows = (modal: Modal) => Setting.all.filter((s) => modal.contentEl.contains(s.settingEl));
const pathOf = (key: string) => [...app.vault.files.entries()].filter(([, text]) => text.includes(`jira_key: ${key}\n`)).map(([path]) => path);

describe("bundled main.js: Arrange notes by epic", () => {
  it("previews the moves and writes nothing; its button moves the notes into the epic's folder", async () => {
    await syncedFlat();
    // The seed's OPS-3 and OPS-4 are children of the epic OPS-1; the layout is off, so they are in Jira/OPS.
    const [epic] = pathOf("OPS-1");
    const flat = ["OPS-3", "OPS-4"].map((k) => pathOf(k)[0] ?? "");
    for (const path of [epic, ...flat]) expect(path).toMatch(/^Jira\/OPS\/[^/]+\.md$/);

    await command("arrange-notes-by-epic").callback!();
    expect(Notice.messages.join(" ")).toContain("The epic folder layout is off");
    expect(Modals.open).toHaveLength(0);

    await turnLayoutOn();
    const files = new Map(app.vault.files);
    await command("arrange-notes-by-epic").callback!();
    await vi.waitFor(() => expect(Modals.open.length).toBe(1), { timeout: 15_000 });
    const modal = Modals.open[0]!;
    expect(modal.titleEl.textContent).toBe("Arrange notes by epic");
    const folder = (epic ?? "").replace(/\.md$/, "");
    const wanted = flat.map((p) => `${folder}/${p.split("/").pop() ?? ""}`);
    const text = modal.contentEl.textContent ?? "";
    // Every child of the seed's epics OPS-1 and OPS-2 moves; the epics stay beside their folders.
    expect(text).toContain("8 notes move into the folder of their epic");
    for (const [i, key] of ["OPS-3", "OPS-4"].entries()) expect(text).toContain(`${key}: ${flat[i]} → ${wanted[i]}`);
    expect(new Map(app.vault.files)).toEqual(files);

    const move = Setting.all.flatMap((s) => s.buttons).find((b) => b.buttonEl.textContent === "Move 8 notes");
    expect(move).toBeDefined();
    await move!.click();
    await vi.waitFor(() => expect(pathOf("OPS-3")).toEqual([wanted[0]]), { timeout: 15_000 });
    await idle();
    expect(pathOf("OPS-4")).toEqual([wanted[1]]);
    expect(pathOf("OPS-1")).toEqual([epic]);
    expect([...app.vault.files.keys()].filter((p) => p.startsWith("Jira/OPS/OPS-2 Runbook sync/"))).toHaveLength(3);
  });

  it("with the layout on, the health check's Fix moves a child note into its epic's folder", async () => {
    await syncedFlat();
    const [epic] = pathOf("OPS-1");
    const [child] = pathOf("OPS-3");
    expect(child).toMatch(/^Jira\/OPS\/[^/]+\.md$/);
    const wanted = `${(epic ?? "").replace(/\.md$/, "")}/${child?.split("/").pop() ?? ""}`;

    // The user turns the layout on and checks the vault's health.
    await turnLayoutOn();
    command("check-vault-health").callback!();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1), { timeout: 15_000 });
    expect(app.vault.files.get("Jira/Vault health.md")).toContain("## Child notes outside their epic's folder (8)");
    const finding = rows(Modals.open[0]!).find((s) => s.nameEl.textContent === `Warning: ${child ?? ""}`)!;
    expect(finding.descEl.textContent).toContain("OPS-3 is a child of the epic OPS-1");
    await finding.buttons[0]!.click();
    // Nothing moves before the confirmation.
    expect(pathOf("OPS-3")).toEqual([child]);
    const confirm = Modals.open[1]!;
    expect(confirm.contentEl.textContent).toContain(`Move ${child ?? ""} to ${wanted}?`);
    await rows(confirm).at(-1)!.buttons[1]!.click();
    await vi.waitFor(() => expect(pathOf("OPS-3")).toEqual([wanted]));
    expect(Notice.messages).toContain(`Moved to ${wanted}.`);
    expect(pathOf("OPS-1")).toEqual([epic]);

    // The next sync follows the note to its new place and leaves it there.
    await command("sync-now").callback!();
    await idle();
    expect(pathOf("OPS-3")).toEqual([wanted]);
  });
});
