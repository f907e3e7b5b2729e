// Draws a query block from its view with Obsidian's DOM helpers (`createEl`, `createDiv`, `setText`) only: every
// text from Jira or the note goes in as text, never as markup. A search draws a table (or a list), a count its
// number; a footer gives the number of issues, "as of" the time Jira answered and a Refresh button. Key cells
// link to the note that has the key when there is one, else to the issue in Jira. Failures and problems in the
// block's text show inside the block in plain words.
import type { CachedQuery } from "./query-cache";
import type { QueryView } from "./query-service";
import type { QueryResult, QueryRow } from "./query-types";

export interface RenderEnv {
  /** The path of the note whose key property holds `key`, if any. */
  noteForKey(key: string): string | null;
  /** The issue's page in Jira. */
  issueUrl(key: string): string;
  /** A front matter property of the note with `key`, as text ("" when none). */
  noteProperty(key: string, property: string): string;
  openNote(path: string): void;
  openUrl(url: string): void;
  /** The time as the footer shows it. */
  formatTime(ms: number): string;
  onRefresh(): void;
}

/** Replaces `el`'s content with the block's view. */
export function renderQueryBlock(el: HTMLElement, view: QueryView, env: RenderEnv): void {
  el.empty();
  const box = el.createDiv({ cls: "jvs-query-block" });
  if (view.kind === "problem") {
    box.createDiv({ cls: "jvs-query-error", text: view.message });
    return;
  }
  if (view.kind === "invalid") {
    renderTitle(box, view.result);
    renderDiagnostics(box, view.result);
    return;
  }
  const { cached } = view;
  if (cached !== null) renderTitle(box, cached.result);
  if (view.failure !== undefined) {
    box.createDiv({ cls: "jvs-query-error", text: view.failure.message });
    if (!view.failure.offline || cached === null) {
      renderFooter(box, null, view.refreshing, env);
      return;
    }
  }
  if (cached === null) {
    box.createDiv({ cls: "jvs-query-loading", text: view.refreshing ? "Asking Jira…" : "No result yet." });
    renderFooter(box, null, view.refreshing, env);
    return;
  }
  renderDiagnostics(box, cached.result);
  if (cached.result.kind === "count") box.createSpan({ cls: "jvs-query-count", text: String(cached.result.count ?? 0) });
  else if (cached.result.display === "list") renderList(box, cached.result, env);
  else renderTable(box, cached.result, env);
  renderFooter(box, cached, view.refreshing, env);
}

function renderTitle(box: HTMLElement, result: QueryResult): void {
  if (result.title !== undefined) box.createDiv({ cls: "jvs-query-title", text: result.title });
}

function renderDiagnostics(box: HTMLElement, result: QueryResult): void {
  if (result.diagnostics.length === 0) return;
  const list = box.createEl("ul", { cls: "jvs-query-diagnostics" });
  for (const d of result.diagnostics) {
    list.createEl("li", { cls: `jvs-query-${d.severity}`, text: `Line ${d.line}, column ${d.column}: ${d.message}` });
  }
}

function keyLink(parent: HTMLElement, key: string, env: RenderEnv): void {
  const path = env.noteForKey(key);
  if (path !== null) {
    const a = parent.createEl("a", { cls: "internal-link", text: key, href: path, attr: { "data-href": path } });
    a.addEventListener("click", (e) => {
      e.preventDefault();
      env.openNote(path);
    });
  } else {
    const url = env.issueUrl(key);
    const a = parent.createEl("a", { cls: "external-link", text: key, href: url, attr: { target: "_blank", rel: "noopener noreferrer" } });
    a.addEventListener("click", (e) => {
      e.preventDefault();
      env.openUrl(url);
    });
  }
}

function cellInto(parent: HTMLElement, row: QueryRow, index: number, env: RenderEnv): void {
  const cell = row.cells[index];
  if (cell === undefined) return;
  if (cell.key !== undefined) keyLink(parent, cell.key, env);
  else if (cell.noteProperty !== undefined) parent.setText(env.noteProperty(row.key, cell.noteProperty));
  else parent.setText(cell.text);
}

function renderTable(box: HTMLElement, result: QueryResult, env: RenderEnv): void {
  const table = box.createEl("table", { cls: "jvs-query-table" });
  const head = table.createEl("thead").createEl("tr");
  for (const c of result.columns) head.createEl("th", { text: c.heading });
  const body = table.createEl("tbody");
  for (const row of result.rows) {
    const tr = body.createEl("tr");
    result.columns.forEach((_, i) => cellInto(tr.createEl("td"), row, i, env));
  }
}

function renderList(box: HTMLElement, result: QueryResult, env: RenderEnv): void {
  const list = box.createEl("ul", { cls: "jvs-query-list" });
  for (const row of result.rows) {
    const li = list.createEl("li");
    result.columns.forEach((_, i) => {
      if (i > 0) li.appendText(" · ");
      cellInto(li.createSpan(), row, i, env);
    });
  }
}

function issuesText(result: QueryResult): string {
  if (result.kind === "count") return "";
  const n = result.rows.length;
  const noun = (k: number) => (k === 1 ? "issue" : "issues");
  if (!result.more) return `${n} ${noun(n)}`;
  return result.count !== undefined ? `${n} of ${result.count} issues shown` : `First ${n} issues shown`;
}

function renderFooter(box: HTMLElement, cached: CachedQuery | null, refreshing: boolean, env: RenderEnv): void {
  const footer = box.createDiv({ cls: "jvs-query-footer" });
  const parts: string[] = [];
  if (cached !== null) {
    const issues = issuesText(cached.result);
    if (issues !== "") parts.push(issues);
    parts.push(`as of ${env.formatTime(cached.at)}`);
  }
  if (refreshing) parts.push("refreshing…");
  footer.createSpan({ cls: "jvs-query-status", text: parts.join(" · ") });
  const button = footer.createEl("button", { cls: "jvs-query-refresh", text: "Refresh", attr: { "aria-label": "Refresh this query" } });
  button.addEventListener("click", () => env.onRefresh());
}
