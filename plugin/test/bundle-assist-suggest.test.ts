// @vitest-environment happy-dom
// The BUNDLED main.js's "Suggest priority, estimate and assignee" against the obsidian stub, the in-process Jira
// simulator and the fake model server: the review window offers each suggested value in a control prefilled with
// it (the site's priorities as a dropdown); the user changes the priority, takes the estimate as offered and
// leaves the assignee. The note gets the changed priority and the estimate, and the site's activity record keeps
// the priority as "edited", the estimate as "accepted" and the assignee as "rejected".
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_ASSIST_SETTINGS } from "../src/assist/assist-settings";
import { activityFileName } from "../src/activity/activity-record";
import { useFakeOpenAi } from "../../tests/assist/use-fake-openai";
import { command, openPlugin, PLUGIN_ID, siteApp, useBundle, whenIdle } from "./harness/bundle-session";
import { type FakeApp, Modals, type Plugin, TFile } from "./harness/obsidian-stub";

useBundle();
const fake = useFakeOpenAi();

let app: FakeApp;
let plugin: Plugin;

const PRIORITIES = ["Highest", "High", "Medium", "Low", "Lowest"];
const noteOf = (key: string) => [...app.vault.files.entries()].find(([, text]) => text.includes(`jira_key: ${key}\n`))!;
/** The note with an *LLM Context* the user wrote (what the model is sent besides the note's text). */
function withContext(key: string): [string, string] {
  const [path, text] = noteOf(key);
  const next = text.replace(`jira_key: ${key}\n`, `jira_key: ${key}\nai_context: The pager rotation changes next week.\n`);
  app.vault.files.set(path, next);
  return [path, next];
}
const property = (text: string, name: string) => new RegExp(`^${name}: *"?([^"\\n]*)"?$`, "m").exec(text)?.[1] ?? null;

describe("bundled main.js: Suggest priority, estimate and assignee", () => {
  it("lets the user change a suggested value before accepting it, writes it and records the review as edited", async () => {
    const assist = { ...DEFAULT_ASSIST_SETTINGS, enabled: true, baseUrl: fake.baseUrl, model: "qwen2.5:7b", allowedFolders: ["Jira"] };
    let sim;
    ({ app, sim } = await siteApp({ settings: { assist } }));
    plugin = await openPlugin(app);
    await command(plugin, "sync-now").callback!();
    await whenIdle(plugin);

    const [path, text] = withContext("OPS-5");
    const before = property(text, "priority");
    const [suggested, chosen] = PRIORITIES.filter((p) => p !== before);
    const person = ["Bob Angeles", "Alice Berlin"].find((name) => name !== property(text, "assignee"));
    fake.server.answer({ content: JSON.stringify({ priority: suggested, estimate: "1d 2h", estimateReason: "Two services.", assignee: person, assigneeReason: "Knows the pager.", nextSteps: [] }) });
    app.workspace.activeFile = new TFile(path);
    expect(command(plugin, "suggest-fields").checkCallback!(false)).toBe(true);
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1), { timeout: 15_000 });
    const modal = Modals.open[0]!;
    expect(modal.titleEl.textContent).toBe("Suggestions for OPS-5");
    expect(fake.server.requests).toHaveLength(1);

    // The priority is a dropdown of the site's priorities, prefilled with the suggestion; changing it ticks its box.
    const rows = [...modal.contentEl.querySelectorAll(".jvs-assist-suggestion")];
    const row = (label: string) => rows.find((r) => r.querySelector("label")?.textContent?.startsWith(` ${label} (`))!;
    const select = row("Priority").querySelector("select")!;
    expect([...select.options].map((o) => o.value)).toEqual(PRIORITIES);
    expect(select.value).toBe(suggested);
    select.value = chosen!;
    select.dispatchEvent(new Event("change"));
    expect(row("Priority").querySelector<HTMLInputElement>("input[type=checkbox]")!.checked).toBe(true);
    // The estimate is a text field holding the suggestion, taken as it is; the assignee is left.
    const estimate = row("Estimate").querySelector<HTMLInputElement>("input[type=text]")!;
    expect(estimate.value).toBe("1d 2h");
    const tick = row("Estimate").querySelector<HTMLInputElement>("input[type=checkbox]")!;
    tick.checked = true;
    tick.dispatchEvent(new Event("change"));
    expect(row("Assignee").querySelector("select")!.value).toBe(person);
    [...modal.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Write accepted to the note")!.click();

    await vi.waitFor(() => expect(property(app.vault.files.get(path) ?? "", "priority")).toBe(chosen), { timeout: 15_000 });
    const written = app.vault.files.get(path) ?? "";
    expect(property(written, "estimate")).toBe("1d 2h");
    expect(property(written, "assignee")).toBe(property(text, "assignee"));
    const record = `_config/plugins/${PLUGIN_ID}/${activityFileName(sim.url)}`;
    await vi.waitFor(() => expect(app.vault.adapter.files.has(record)).toBe(true));
    const reviews = (JSON.parse(app.vault.adapter.files.get(record) ?? "{}") as { reviews: { key: string; field: string; offered: string; outcome: string }[] }).reviews;
    expect(reviews.map((r) => [r.key, r.field, r.offered, r.outcome])).toEqual([
      ["OPS-5", "priority", "model", "edited"],
      ["OPS-5", "estimate", "model", "accepted"],
      ["OPS-5", "assignee", "model", "rejected"],
    ]);
  });

  it("refuses an accepted value left empty and keeps the window open", async () => {
    const assist = { ...DEFAULT_ASSIST_SETTINGS, enabled: true, baseUrl: fake.baseUrl, model: "qwen2.5:7b", allowedFolders: ["Jira"] };
    ({ app } = await siteApp({ settings: { assist } }));
    plugin = await openPlugin(app);
    await command(plugin, "sync-now").callback!();
    await whenIdle(plugin);
    const [path, text] = withContext("OPS-5");
    fake.server.answer({ content: JSON.stringify({ priority: null, estimate: "3h", estimateReason: "Small.", assignee: null, assigneeReason: "", nextSteps: [] }) });
    app.workspace.activeFile = new TFile(path);
    command(plugin, "suggest-fields").checkCallback!(false);
    await vi.waitFor(() => expect(Modals.open).toHaveLength(1), { timeout: 15_000 });
    const modal = Modals.open[0]!;
    const estimate = modal.contentEl.querySelector<HTMLInputElement>("input[aria-label='Estimate to write']")!;
    estimate.value = "  ";
    estimate.dispatchEvent(new Event("input"));
    [...modal.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Write accepted to the note")!.click();
    expect(modal.contentEl.textContent).toContain("Estimate: the value is empty. Enter one, or untick it to leave the note as it is.");
    expect(Modals.open).toHaveLength(1);
    expect(app.vault.files.get(path)).toBe(text);
  });
});
