// Renders a reconciliation into an element (the "Reconcile time" modal's content): a table of totals per
// issue (in notes, in Jira), then one row per problem with its message, where it is, and a fix button
// when the fix is a local edit. DOM is built with createEl only; the caller supplies the actions.
import type { Problem, Reconciliation } from "../time/reconcile";
import { fixLabel } from "../time/reconcile";

export interface ReconcileActions {
  /** Applies a problem's local fix. */
  fix(problem: Problem): void;
  /** Opens a note at a line. */
  open(path: string, line: number): void;
  /** Runs a sync, when the plugin has one. */
  sync?: () => void;
}

export function renderReconciliation(el: HTMLElement, result: Reconciliation, actions: ReconcileActions): void {
  el.empty();
  if (result.issues.length === 0) {
    el.createEl("p", { text: "No time logged yet, in notes or in worklogs." });
    return;
  }
  const table = el.createEl("table", { cls: "jvs-reconcile-totals" });
  const head = table.createEl("tr");
  for (const h of ["Issue", "In notes", "In Jira", "Problems"]) head.createEl("th", { text: h });
  for (const i of result.issues) {
    const row = table.createEl("tr");
    row.createEl("td", { text: i.issueKey });
    row.createEl("td", { text: i.local });
    row.createEl("td", { text: i.jira });
    row.createEl("td", { text: String(i.problems) });
  }
  if (result.problems.length === 0) {
    el.createEl("p", { text: "Jira and the notes agree." });
    return;
  }
  el.createEl("h3", { text: `Problems (${result.problems.length})` });
  const list = el.createEl("ul", { cls: "jvs-reconcile-problems" });
  let needsSync = false;
  for (const p of result.problems) {
    const item = list.createEl("li");
    item.createSpan({ text: p.message });
    if (p.place !== null) {
      const place = p.place;
      item.appendText(" ");
      const link = item.createEl("a", { text: `${place.path}:${place.line}`, href: "#" });
      link.addEventListener("click", (ev) => {
        ev.preventDefault();
        actions.open(place.path, place.line);
      });
    }
    const label = fixLabel(p);
    if (label !== null) {
      item.appendText(" ");
      const button = item.createEl("button", { text: label });
      button.addEventListener("click", () => actions.fix(p));
    }
    if (p.fix === "pushToJira" || p.fix === "sync") needsSync = true;
  }
  if (needsSync) {
    const footer = el.createEl("p");
    if (actions.sync !== undefined) {
      footer.appendText("Entries to push and differences are settled by a sync. ");
      const sync = actions.sync;
      footer.createEl("button", { text: "Sync now" }).addEventListener("click", () => sync());
    } else {
      footer.appendText("Entries to push and differences are settled by the next sync (run: npx jira-vault-sync sync --vault <vault folder>).");
    }
  }
}
