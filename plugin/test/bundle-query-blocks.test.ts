// @vitest-environment happy-dom
// The ```jira-search and ```jira-count blocks in the BUNDLED main.js against the in-process Jira simulator's
// company site (Cloud and Data Center; the stub's requestUrl forwards to it over node:http): a table of an
// epic's children from a `{{jira_key}}` placeholder with a custom field by name and a note property, key cells
// linking to the note when one has the key and to Jira otherwise; a count; the cached answer shown at once and
// then refreshed; the cached answer while offline; Jira's own message for bad JQL; 401; no site; the command.
import { describe, expect, it, vi } from "vitest";
import type { SimHandle } from "../../tests/jira-sim/server";
import { openPlugin, PLUGIN_ID, siteApp, unloadPlugin, useBundle } from "./harness/bundle-session";
import { forwardRequest } from "./harness/forward-request";
import { type Component, fakeApp, type FakeApp, type Plugin, RequestUrl, TFile } from "./harness/obsidian-stub";
const CACHE_FILE = `_config/plugins/${PLUGIN_ID}/query-cache.json`;

let app: FakeApp;
let plugin: Plugin;
let sim: SimHandle | null = null;

type Mode = "cloud" | "datacenter";

async function start(mode: Mode, token: string | null = mode === "cloud" ? "alice-api-token" : "alice-personal-access-token", settings: Record<string, unknown> = {}): Promise<void> {
  ({ sim, app } = await siteApp({ mode, seed: "company", token, settings: { email: "alice@example.com", ...settings } }));
  plugin = await openPlugin(app);
}

/** Jira's answer to a search, asked directly (as alice), to compare the block with. */
async function searchDirect(mode: Mode, jql: string): Promise<{ key: string; fields: Record<string, unknown> }[]> {
  const path = mode === "cloud" ? "/rest/api/3/search/jql" : "/rest/api/2/search";
  const auth = mode === "cloud" ? `Basic ${btoa("alice@example.com:alice-api-token")}` : "Bearer alice-personal-access-token";
  const r = await forwardRequest({ url: `${sim!.url}${path}`, method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify({ jql, fields: ["summary", "parent"], maxResults: 100 }) });
  return (JSON.parse(r.text) as { issues: { key: string; fields: Record<string, unknown> }[] }).issues;
}

/** Draws a block as Obsidian does for a fenced block in `sourcePath`. */
function draw(language: string, source: string, sourcePath = "Notes/Epic.md"): { el: HTMLElement; children: Component[] } {
  const el = createDiv();
  document.body.appendChild(el);
  const children: Component[] = [];
  void plugin.codeBlockProcessors.get(language)!(source, el, { sourcePath, addChild: (c: Component) => children.push(c) });
  return { el, children };
}

useBundle();

const footer = (el: HTMLElement) => el.querySelector(".jvs-query-status")?.textContent ?? "";
const settled = (el: HTMLElement) => vi.waitFor(() => expect(footer(el)).not.toContain("refreshing"), { timeout: 15_000 });

/** An epic of the company site with at least three children, and its children in key order (as Jira answers). */
async function epicWithChildren(mode: Mode): Promise<{ epic: string; children: string[] }> {
  const epics = await searchDirect(mode, "project = OPS AND issuetype = Epic ORDER BY key ASC");
  expect(epics.length).toBeGreaterThan(0);
  for (const { key } of epics) {
    const children = (await searchDirect(mode, `parent = ${key} ORDER BY key ASC`)).map((i) => i.key);
    if (children.length >= 3) return { epic: key, children };
  }
  throw new Error("the company site has no epic with three children in OPS");
}

describe.each(["cloud", "datacenter"] as const)("bundled main.js: Jira query blocks (%s)", (mode) => {
  it("draws an epic's children as a table: placeholder, custom field by name, note property, key links; and a count", async () => {
    await start(mode);
    const { epic, children } = await epicWithChildren(mode);
    app.vault.files.set("Notes/Epic.md", `---\njira_key: ${epic}\n---\n# Epic\n`);
    app.vault.files.set("Jira/First child.md", `---\njira_key: ${children[0]}\nowner_team: Payments\n---\n`);
    const source = "title: Children\nquery: parent = {{jira_key}}\ncolumns: key, summary, status, Severity, note.owner_team\nsort: key ASC\nlimit: 2\n";
    const { el, children: components } = draw("jira-search", source);
    expect(components).toHaveLength(1);
    await settled(el);
    expect(el.querySelector(".jvs-query-error")).toBeNull();
    expect(el.querySelector(".jvs-query-title")?.textContent).toBe("Children");
    expect([...el.querySelectorAll("th")].map((t) => t.textContent)).toEqual(["Key", "Summary", "Status", "Severity", "owner_team"]);
    const rows = [...el.querySelectorAll("tbody tr")];
    expect(rows.map((r) => r.querySelector("td")!.textContent)).toEqual(children.slice(0, 2));
    const [firstLink, secondLink] = rows.map((r) => r.querySelector("a")!);
    expect(firstLink!.className).toBe("internal-link");
    expect(firstLink!.getAttribute("data-href")).toBe("Jira/First child.md");
    expect(secondLink!.className).toBe("external-link");
    expect(secondLink!.getAttribute("href")).toBe(`${sim!.url}/browse/${children[1]}`);
    expect(rows[0]!.querySelectorAll("td")[4]!.textContent).toBe("Payments");
    expect(rows[0]!.querySelectorAll("td")[2]!.textContent).not.toBe("");
    expect(footer(el)).toMatch(children.length > 2 ? /^(First 2 issues shown|2 of \d+ issues shown) · as of / : /^2 issues · as of /);
    const search = RequestUrl.calls.filter((c) => c.url.includes(mode === "cloud" ? "/search/jql" : "/rest/api/2/search"));
    expect(search).toHaveLength(1);
    const body = JSON.parse(search[0]!.body as string) as { jql: string; fields: string[]; maxResults: number };
    expect(body).toMatchObject({ jql: `parent = "${epic}" ORDER BY key ASC`, fields: ["summary", "status", "customfield_10050"], maxResults: 2 });

    const count = draw("jira-count", "query: parent = {{jira_key}}").el;
    await settled(count);
    expect(count.querySelector(".jvs-query-count")?.textContent).toBe(String(children.length));
    expect(RequestUrl.calls.some((c) => c.url.endsWith(mode === "cloud" ? "/rest/api/3/search/approximate-count" : "/rest/api/2/search"))).toBe(true);
  });

  it("shows the cached answer at once, then refreshes; shows it while offline; one request for blocks with the same query", async () => {
    await start(mode);
    app.vault.files.set("Notes/Epic.md", "# no front matter\n");
    const source = "query: project = OPS AND issuetype = Epic\ncolumns: key, summary\nsort: key ASC\nlimit: 3";
    const first = draw("jira-search", source).el;
    await settled(first);
    const keys = [...first.querySelectorAll("tbody tr td:first-child")].map((t) => t.textContent);
    expect(keys).toHaveLength(3);
    await vi.waitFor(() => expect(app.vault.adapter.files.get(CACHE_FILE)).toContain(keys[0]));

    // Jira is slow: the next drawing shows the cached rows while it asks.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    RequestUrl.handler = async (req) => {
      await gate;
      return forwardRequest(req);
    };
    RequestUrl.calls = [];
    const second = draw("jira-search", source).el;
    const third = draw("jira-search", source).el;
    await vi.waitFor(() => expect(footer(second)).toMatch(/^(First 3 issues shown|3 of \d+ issues shown) · as of .* · refreshing…$/));
    expect([...second.querySelectorAll("tbody tr td:first-child")].map((t) => t.textContent)).toEqual(keys);
    release();
    await settled(second);
    await settled(third);
    expect(RequestUrl.calls.filter((c) => c.url.includes("search"))).toHaveLength(1);

    // Offline: the cached rows stay, with the reason.
    RequestUrl.handler = () => Promise.reject(new Error("net::ERR_INTERNET_DISCONNECTED"));
    const offline = draw("jira-search", source).el;
    await settled(offline);
    expect(offline.querySelector(".jvs-query-error")?.textContent).toMatch(/^Jira could not be reached/);
    expect([...offline.querySelectorAll("tbody tr td:first-child")].map((t) => t.textContent)).toEqual(keys);

    // The command refreshes this note's blocks at once.
    RequestUrl.handler = forwardRequest;
    RequestUrl.calls = [];
    app.workspace.activeFile = new TFile("Notes/Epic.md");
    const command = plugin.commands.find((c) => c.id === "refresh-jira-queries-in-this-note")!;
    expect(command.name).toBe("Refresh query blocks in this note");
    command.callback!();
    await vi.waitFor(() => expect(RequestUrl.calls.filter((c) => c.url.includes("search")).length).toBeGreaterThanOrEqual(1), { timeout: 15_000 });
    await settled(offline);
    expect(offline.querySelector(".jvs-query-error")).toBeNull();
  });

  it("says what went wrong inside the block: Jira's message for bad JQL, a missing property, refused credentials", async () => {
    await start(mode, "wrong-token");
    app.vault.files.set("Notes/Epic.md", "---\ntitle: x\n---\n");
    const refused = draw("jira-search", "query: project = OPS").el;
    await settled(refused);
    expect(refused.querySelector(".jvs-query-error")?.textContent).toMatch(/^Jira refused the credentials \(401\)/);
    unloadPlugin(plugin);
    await sim?.stop();

    await start(mode);
    app.vault.files.set("Notes/Epic.md", "---\ntitle: x\n---\n");
    const bad = draw("jira-search", "query: foo = bar").el;
    await settled(bad);
    expect(bad.querySelector(".jvs-query-error")?.textContent).toMatch(/^Jira refused the query: Field 'foo' does not exist/);
    const missing = draw("jira-search", "query: parent = {{jira_key}}\nlimit: lots").el;
    await vi.waitFor(() => expect(missing.querySelectorAll(".jvs-query-diagnostics li")).toHaveLength(2));
    expect([...missing.querySelectorAll(".jvs-query-diagnostics li")].map((l) => l.textContent)).toEqual([
      "Line 1, column 17: The note has no `jira_key` property for `{{jira_key}}`.",
      "Line 2, column 7: `limit` must be a whole number from 1 to 1000; `lots` is not.",
    ]);
  });
});

describe("bundled main.js: Jira query blocks without a site", () => {
  it("says no site is configured", async () => {
    app = fakeApp({ settings: {} });
    plugin = await openPlugin(app);
    const { el } = draw("jira-count", "project = OPS");
    await vi.waitFor(() => expect(el.querySelector(".jvs-query-error")?.textContent).toMatch(/^No Jira site is configured/));
  });
});
