// @vitest-environment happy-dom
// The BUNDLED main.js's mapping forms against the obsidian stub and the in-process Jira simulator's company
// site (realistic custom fields, no AI fields), on Cloud and Data Center: no JSON text area in the default
// view; a field mapping added by picking "Severity" by name from the site's /field list (with its type),
// moved up and a mapping removed, each saved as the core's JSON; a core problem shown under its row and not
// saved; a new note state given a status from the project's /statuses list; the JSON view in step; and the
// fallback to typed names when the site cannot be reached.
import { describe, expect, it, vi } from "vitest";
import { openPlugin, siteApp, startSim, useBundle } from "./harness/bundle-session";
import { hostSecretId } from "./harness/forward-request";
import { type FakeApp, type Plugin, RequestUrl, Setting } from "./harness/obsidian-stub";

let app: FakeApp;
let plugin: Plugin;

useBundle();

const saved = () => (app.data as { settings: { sync: { fields: unknown[]; statuses: unknown[] } } } | null)?.settings.sync;

async function open(mode: "cloud" | "datacenter"): Promise<HTMLElement> {
  ({ app } = await siteApp({ mode, seed: "company" }));
  plugin = await openPlugin(app);
  Setting.all = [];
  const tab = plugin.settingTabs[0]!;
  tab.display();
  return (tab as unknown as { containerEl: HTMLElement }).containerEl;
}

/** The rows currently shown inside the block row named `name`. */
function rowsOf(container: HTMLElement, name: string): Setting[] {
  const block = Setting.all.find((s) => s.nameEl.textContent === name && container.contains(s.settingEl))!;
  return Setting.all.filter((s) => s !== block && block.settingEl.contains(s.settingEl) && container.contains(s.settingEl));
}
const names = (rows: Setting[]) => rows.map((s) => s.nameEl.textContent);
const optionTexts = (select: HTMLSelectElement) => [...select.options].map((o) => o.textContent);
const click = (row: Setting, text: string) => row.buttons.find((b) => b.buttonEl.textContent === text)!.click();

describe.each(["cloud", "datacenter"] as const)("bundled main.js: mapping forms (%s)", (mode) => {
  it("edits field and status mappings as forms backed by the site's fields and statuses", async () => {
    const container = await open(mode);
    // The default view has no JSON text area; the JSON lives under "Advanced: edit as JSON", collapsed.
    expect(container.querySelectorAll("textarea.jvs-mapping-json")).toHaveLength(0);
    expect(Setting.all.some((s) => s.nameEl.textContent === "Advanced: edit as JSON")).toBe(true);

    // The field picker lists the site's custom fields by name, with their type.
    const fields = () => rowsOf(container, "Field mappings");
    await vi.waitFor(() => expect(optionTexts(fields()[0]!.dropdowns[0]!.selectEl)).toContain("Severity (option (select))"), { timeout: 10_000 });
    expect(names(fields())).toEqual(["Key", "Summary", "Description", "Status", "LLM Context", "Model Suggestions", "Automation Status"]);
    // LLM Context is on the company site (OPS's context), Automation Status is not: said next to it.
    expect(fields()[4]!.descEl.textContent).toBe("Custom field, string (textarea).");
    expect(fields()[6]!.descEl.textContent).toContain("Not in the site's field list");

    // Add a mapping and pick Severity by name.
    const block = Setting.all.find((s) => s.nameEl.textContent === "Field mappings" && container.contains(s.settingEl))!;
    await click(block, "Add field mapping");
    expect(fields()).toHaveLength(8);
    await fields()[7]!.dropdowns[0]!.choose("custom:Severity");
    expect(names(fields())[7]).toBe("Severity");
    expect(fields()[7]!.descEl.textContent).toContain("Custom field, option (select).");
    expect(saved()?.fields[7]).toEqual({ jira: { custom: "Severity" }, note: { frontmatter: "severity" }, direction: "both" });

    // Move it up, remove "Model Suggestions"; each is saved in the core's shape.
    await click(fields()[7]!, "Up");
    expect(names(fields()).slice(5)).toEqual(["Model Suggestions", "Severity", "Automation Status"]);
    await click(fields()[5]!, "Remove");
    expect(names(fields())).toEqual(["Key", "Summary", "Description", "Status", "LLM Context", "Severity", "Automation Status"]);
    expect((saved()?.fields ?? []).map((f) => (f as { jira: unknown }).jira)).toEqual(["key", "summary", "description", "status", { custom: "LLM Context" }, { custom: "Severity" }, { custom: "Automation Status" }]);

    // A core problem shows under the row it concerns and is not saved; fixing it saves.
    const before = saved()?.fields;
    await fields()[5]!.texts[0]!.type("title");
    expect(fields()[5]!.descEl.textContent).toContain('Front matter key "title" is already mapped by fields[1].');
    expect(fields()[1]!.descEl.textContent).not.toContain("already mapped");
    expect(saved()?.fields).toEqual(before);
    await fields()[5]!.texts[0]!.type("severity_level");
    expect(fields()[5]!.descEl.querySelector(".jvs-setting-error")!.textContent).toBe("");
    expect(saved()?.fields[5]).toEqual({ jira: { custom: "Severity" }, note: { frontmatter: "severity_level" }, direction: "both" });

    // Statuses: a new note state, flagged until a status of OPS (as Jira lists them) maps to it.
    const statusBlock = Setting.all.find((s) => s.nameEl.textContent === "Status mappings" && container.contains(s.settingEl))!;
    const statusRows = () => rowsOf(container, "Status mappings");
    await vi.waitFor(() => expect(names(statusRows())).toContain("In Review"), { timeout: 10_000 });
    expect(names(statusRows())).toEqual(expect.arrayContaining(["Statuses of OPS", "To Do", "In Progress", "In Review", "Done"]));
    await click(statusBlock, "Add note state");
    const state = () => statusRows().find((s) => s.nameEl.textContent === "new_state")!;
    expect(state().descEl.textContent).toContain('Note state "new_state" is mapped from no Jira status.');
    expect(saved()?.statuses ?? []).toEqual([]);
    await state().texts[0]!.type("waiting");
    await vi.waitFor(() => expect(optionTexts(statusRows().find((s) => s.nameEl.textContent === "In Review")!.dropdowns[0]!.selectEl)).toContain("waiting"));
    const inReview = statusRows().find((s) => s.nameEl.textContent === "In Review")!;
    expect(inReview.dropdowns[0]!.value).toBe("state:2");
    await inReview.dropdowns[0]!.choose("state:7");
    expect(saved()?.statuses[2]).toEqual({ state: "reviewing", jiraStatuses: ["Review"] });
    expect(saved()?.statuses[7]).toEqual({ state: "waiting", jiraStatuses: ["In Review"] });
    expect(statusRows().find((s) => s.nameEl.textContent === "waiting")!.texts[1]!.inputEl.value).toBe("In Review");

    // The JSON view, opened, shows the same lists; an edit there reaches the form.
    await click(Setting.all.find((s) => s.nameEl.textContent === "Advanced: edit as JSON")!, "Show");
    const json = (name: string) => Setting.all.find((s) => s.nameEl.textContent === name && container.contains(s.settingEl))!.textAreas[0]!;
    expect(JSON.parse(json("Field mappings as JSON").getValue())).toEqual(saved()?.fields);
    expect(JSON.parse(json("Status mappings as JSON").getValue())).toEqual(saved()?.statuses);
    await json("Field mappings as JSON").type(JSON.stringify((saved()?.fields ?? []).slice(0, 2)));
    expect(names(fields())).toEqual(["Key", "Summary"]);
    await click(block, "Add field mapping");
    expect(JSON.parse(json("Field mappings as JSON").getValue())).toHaveLength(3);

    // Only the site's own endpoints were read, each once.
    const api = mode === "cloud" ? "/rest/api/3" : "/rest/api/2";
    const reads = RequestUrl.calls.map((c) => new URL(c.url).pathname);
    expect(reads.filter((p) => p === `${api}/field`)).toHaveLength(1);
    expect(reads.filter((p) => p === `${api}/project/OPS/statuses`)).toHaveLength(1);
  });
});

describe("bundled main.js: mapping forms with two sites", () => {
  it("reads each project's statuses from its own site", async () => {
    const other = await startSim({ mode: "datacenter", seed: "company", clockStart: "2025-06-10T08:30:00.000Z" });
    const site = { siteUrl: other.url, deployment: "datacenter", email: "", projectKeys: "WEB", jql: "" };
    const { sim, app } = await siteApp({ seed: "company", settings: { additionalSites: [site] } });
    app.secretStorage.setSecret(hostSecretId(other.url), "alice-personal-access-token");
    plugin = await openPlugin(app);
    Setting.all = [];
    const tab = plugin.settingTabs[0]!;
    tab.display();
    const container = (tab as unknown as { containerEl: HTMLElement }).containerEl;
    await vi.waitFor(() => expect(names(rowsOf(container, "Status mappings"))).toContain("Statuses of WEB"), { timeout: 10_000 });
    await vi.waitFor(() => expect(container.textContent.split("Each status of the project's workflows")).toHaveLength(3), { timeout: 10_000 });
    const urls = RequestUrl.calls.map((c) => c.url);
    expect(urls).toContain(`${sim.url}/rest/api/3/project/OPS/statuses`);
    expect(urls).toContain(`${other.url}/rest/api/2/project/WEB/statuses`);
    expect(container.textContent).not.toContain("could not be read");
  });
});

describe("bundled main.js: mapping forms without the site", () => {
  it("falls back to typed custom field names with a note", async () => {
    RequestUrl.handler = () => Promise.reject(new Error("net::ERR_CONNECTION_REFUSED"));
    const container = await open("cloud");
    const fields = () => rowsOf(container, "Field mappings");
    await vi.waitFor(() => expect(container.textContent).toContain("The site's fields could not be read"), { timeout: 10_000 });
    const ai = fields()[4]!;
    expect(ai.nameEl.textContent).toBe("LLM Context");
    expect(ai.texts[0]!.inputEl.value).toBe("LLM Context");
    await ai.texts[0]!.type("Customer");
    expect(saved()?.fields[4]).toEqual({ jira: { custom: "Customer" }, note: { frontmatter: "ai_context" }, direction: "both" });
    await vi.waitFor(() => expect(container.textContent).toContain("They could not be read"), { timeout: 10_000 });
  });
});
