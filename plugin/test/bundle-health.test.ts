// @vitest-environment happy-dom
// "Check vault health" in the BUNDLED main.js against the stub `obsidian` module: it reads the sync state through
// the adapter and the notes through the metadata cache, writes the report note (at the configured path, rewritten
// on every check, never over a user's note) and shows the findings; "Fix" asks, then moves the note through the
// file manager.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { openPlugin, useBundle } from "./harness/bundle-session";
import { fakeApp, type FakeApp, type Modal, Modals, Notice, type Plugin, Setting } from "./harness/obsidian-stub";

const SITE = "https://example.atlassian.net";
const STATE_FILE = "_config/plugins/jira-vault-sync/sync-state-example-atlassian-net.json";
const STATE = {
  baseUrl: SITE,
  issues: {
    "100": { key: "OPS-1", path: "Jira/OPS/OPS-1 Fix login.md", workflow: "OPS/Task", status: "To Do", statusCategory: "new", values: { current_state: "pending" } },
    "101": { key: "OPS-2", path: "Inbox/OPS-2 Rotate keys.md", workflow: "OPS/Task", status: "To Do", statusCategory: "new", values: { current_state: "pending" } },
  },
};

let app: FakeApp;
let plugin: Plugin;

const command = (id: string) => plugin.commands.find((c) => c.id === id)!;
const rows = (modal: Modal) => Setting.all.filter((s) => modal.contentEl.contains(s.settingEl));

useBundle();

beforeEach(async () => {
  app = fakeApp({ settings: { siteUrl: SITE, projectKeys: "OPS", healthReportPath: "Checks/Health" } });
  app.vault.adapter.files.set(STATE_FILE, JSON.stringify(STATE));
  app.vault.seed("Jira/OPS/OPS-1 Fix login.md", "---\njira_key: OPS-1\ncurrent_state: pending\n---\nBody.\n");
  app.vault.seed("Inbox/OPS-2 Rotate keys.md", "---\njira_key: OPS-2\ncurrent_state: pending\n---\nBody.\n");
  app.vault.seed("Checks/placeholder.md", "A folder for the report.\n");
  plugin = await openPlugin(app);
});

describe("bundled main.js: Check vault health", () => {
  it("writes the report note with links, shows the finding, and Fix moves the note after a confirmation", async () => {
    expect(command("check-vault-health").name).toBe("Check vault health");
    command("check-vault-health").callback!();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1));
    const report = app.vault.files.get("Checks/Health.md") ?? "";
    expect(report.startsWith("---\ngenerated_by: jira-vault-sync\nreport: vault-health\nfindings: 1\n---\n# Vault health\n\nChecked ")).toBe(true);
    expect(report).toContain("## Notes outside their project's folder (1)\n\n- **Warning** [[Inbox/OPS-2 Rotate keys]]: OPS-2 belongs in Jira/OPS/ (project OPS).");

    const modal = Modals.open[0]!;
    expect(modal.titleEl.textContent).toBe("Vault health");
    const finding = rows(modal).find((s) => s.nameEl.textContent === "Warning: Inbox/OPS-2 Rotate keys.md")!;
    expect(finding.descEl.textContent).toContain("OPS-2 belongs in Jira/OPS/");
    await finding.buttons[0]!.click();
    // Nothing moves before the confirmation.
    expect(app.vault.files.has("Inbox/OPS-2 Rotate keys.md")).toBe(true);
    const confirm = Modals.open[1]!;
    expect(confirm.contentEl.textContent).toContain("Move Inbox/OPS-2 Rotate keys.md to Jira/OPS/OPS-2 Rotate keys.md?");
    await rows(confirm).at(-1)!.buttons[1]!.click();
    await vi.waitFor(() => expect(app.vault.files.has("Jira/OPS/OPS-2 Rotate keys.md")).toBe(true));
    expect(app.vault.files.has("Inbox/OPS-2 Rotate keys.md")).toBe(false);
    expect(Notice.messages).toContain("Moved to Jira/OPS/OPS-2 Rotate keys.md.");

    // The next check rewrites the same note: clean now (the state still names the old path; the note is found by key).
    Modals.open = [];
    command("check-vault-health").callback!();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1));
    expect(app.vault.files.get("Checks/Health.md")).toContain("findings: 0\n");
    expect(app.vault.files.get("Checks/Health.md")).toContain(": nothing found.");
  });

  it("never overwrites a note of the user's at the report path", async () => {
    app.vault.seed("Checks/Health.md", "My own notes.\n");
    command("check-vault-health").callback!();
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1));
    expect(app.vault.files.get("Checks/Health.md")).toBe("My own notes.\n");
    expect(Notice.messages.some((m) => m.startsWith("Health report not written: Checks/Health.md exists and is not a generated report"))).toBe(true);
  });
});
