// @vitest-environment happy-dom
// The report commands in the BUNDLED main.js against the stub `obsidian` module: "Generate report…" writes
// the note in the reports folder from the site's sync state (read through the adapter) and opens it;
// "Refresh report" regenerates the open note from its edited front matter; neither overwrites a user's note.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { openPlugin, useBundle } from "./harness/bundle-session";
import { fakeApp, type FakeApp, type Modal, Modals, Notice, type Plugin, Setting, TFile } from "./harness/obsidian-stub";

const SITE = "https://example.atlassian.net";
const STATE_FILE = "_config/plugins/jira-vault-sync/sync-state-example-atlassian-net.json";
const worklog = (issueId: string, issueKey: string, author: string, started: string, seconds: number) => ({ issueId, issueKey, authorId: author, author, started, seconds, comment: "" });
const STATE = {
  baseUrl: SITE,
  issues: {
    "100": { key: "OPS-1", path: "Jira/OPS-1.md", status: "Done", values: { title: "Fix login", estimate: "2h" } },
    "200": { key: "WEB-3", path: "Jira/WEB-3.md", status: "In Progress", values: { title: "Landing page" } },
  },
  worklogs: {
    "1": worklog("100", "OPS-1", "Alice", "2024-03-01T09:00:00.000+0100", 3600),
    "2": worklog("200", "WEB-3", "Bob", "2024-03-02T10:00:00.000+0100", 1800),
  },
};

let app: FakeApp;
let plugin: Plugin;

const command = (id: string) => plugin.commands.find((c) => c.id === id)!;
const inModal = (modal: Modal, name: string) => Setting.all.find((s) => modal.contentEl.contains(s.settingEl) && s.nameEl.textContent === name)!;

useBundle();

beforeEach(async () => {
  app = fakeApp({ settings: { siteUrl: SITE, projectKeys: "OPS, WEB", reportsFolder: "Team/Reports" } });
  app.vault.adapter.files.set(STATE_FILE, JSON.stringify(STATE));
  plugin = await openPlugin(app);
});

/** Runs Generate report… for a time report of 2024-03-01 – 2024-03-03, with `fill` typing further fields first. */
async function generateTimeReport(fill: (modal: Modal) => Promise<void> = async () => {}): Promise<void> {
  command("generate-report").callback!();
  const modal = Modals.open[0]!;
  await inModal(modal, "Report").dropdowns[0]!.choose("time");
  await inModal(modal, "Period").dropdowns[0]!.choose("custom");
  await inModal(modal, "From").texts[0]!.type("2024-03-01");
  await inModal(modal, "To").texts[0]!.type("2024-03-03");
  await fill(modal);
  await inModal(modal, "").buttons[0]!.click();
}

describe("bundled main.js: reports", () => {
  it("Generate report… writes the chosen report in the reports folder and opens it; Refresh report follows edited parameters", async () => {
    expect(command("generate-report").name).toBe("Generate report…");
    await generateTimeReport();
    const path = "Team/Reports/Time report.md";
    await vi.waitFor(() => expect(app.workspace.opened).toEqual([path]));
    const note = app.vault.files.get(path) ?? "";
    expect(note.startsWith("---\ngenerated_by: jira-vault-sync\nreport: time\nfrom: 2024-03-01\nto: 2024-03-03\n---\n# Time report 2024-03-01 – 2024-03-03\n")).toBe(true);
    expect(note).toContain("| WEB-3 | Landing page |");
    expect(Notice.messages).toContain("Generating report…");
    expect(Modals.open).toHaveLength(0);

    // Edit the parameters in the note and refresh it.
    app.vault.files.set(path, note.replace("report: time\n", "report: time\nproject: OPS\n"));
    app.workspace.activeFile = new TFile(path);
    command("refresh-report").callback!();
    await vi.waitFor(() => expect(app.vault.files.get(path)).toContain("# Time report 2024-03-01 – 2024-03-03 · OPS\n"));
    expect(app.vault.files.get(path)).not.toContain("WEB-3");
  });

  it("Generate report… narrows a report to a fix version", async () => {
    await generateTimeReport((modal) => inModal(modal, "Fix version").texts[0]!.type(" 2.10 "));
    const path = "Team/Reports/Time report 2.10.md";
    await vi.waitFor(() => expect(app.workspace.opened).toEqual([path]));
    const note = app.vault.files.get(path) ?? "";
    expect(note).toContain('\nversion: "2.10"\nfrom: 2024-03-01\n');
    expect(note).toContain("# Time report 2024-03-01 – 2024-03-03 · 2.10\n");
  });

  it("Refresh report leaves a note that is not a report alone", async () => {
    app.vault.seed("Notes/Mine.md", "# Mine\n");
    app.workspace.activeFile = new TFile("Notes/Mine.md");
    command("refresh-report").callback!();
    await vi.waitFor(() => expect(Notice.messages.some((m) => m.startsWith("Not refreshed:"))).toBe(true));
    expect(app.vault.files.get("Notes/Mine.md")).toBe("# Mine\n");
  });
});
