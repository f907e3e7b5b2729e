// The review window of *Suggest priority, estimate and assignee* (docs/assist.md): for each suggested front
// matter property, the value now, the suggestion with its reason, a box to accept it and a control to change it
// first: a dropdown of the site's own values for a choice (priority, assignee, when the site's lists were read),
// a text area for the model's next steps, a text field otherwise, each prefilled with the suggestion. Changing a
// value ticks its box. *Write accepted to the note* hands over the accepted values as shown, and which of them the
// user changed (the activity record keeps those as "edited"). An accepted value left empty is refused with a
// message and the window stays open, so nothing the user typed is lost. Built with createEl only: every text in
// it comes from Jira, notes or a model.
import { type App, Modal } from "obsidian";
import type { Proposal, SuggestResult } from "../assist/suggest-fields";

/** The review's answer: the accepted proposals with the values to write, and the offered ones changed first. */
export interface SuggestReview {
  /** Accepted proposals, `after` being the value to write (as offered, or as the user changed it). */
  accepted: Proposal[];
  /** The offered proposals (as handed in) whose value the user changed before accepting it. */
  edited: Set<Proposal>;
  /** The offered proposals (as handed in) that were accepted. */
  acceptedOffered: Proposal[];
}

/** The site's values of a property that is a choice (property name → values), such as its priorities. */
export type SuggestChoices = Readonly<Record<string, readonly string[]>>;

/** A property's value control: its element and how to read it. */
interface ValueControl {
  value(): string;
}

export class SuggestReviewModal extends Modal {
  private readonly accepted = new Set<number>();

  constructor(
    app: App,
    private readonly key: string,
    private readonly result: SuggestResult,
    private readonly offered: Proposal[],
    private readonly choices: SuggestChoices,
    private readonly onAccept: (review: SuggestReview) => Promise<void>,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText(`Suggestions for ${this.key}`);
    const { contentEl } = this;
    const r = this.result;
    const status = r.skipped !== null ? `Model not asked: ${r.skipped}` : r.problem !== null ? `The model's answer was not used: ${r.problem}` : `Model asked (${r.requests} request${r.requests === 1 ? "" : "s"}).`;
    contentEl.createEl("p", { text: status });
    if (r.leftOut !== null) contentEl.createEl("p", { text: `Lines ${r.leftOut[0]}–${r.leftOut[1]} did not fit the model's context window and were not sent.` });
    if (r.schemaInPrompt) contentEl.createEl("p", { text: "The model server refuses response_format, so the schema went into the prompt (for this session)." });
    for (const w of r.model?.warnings ?? []) contentEl.createEl("p", { cls: "jvs-setting-error", text: w });
    if (this.offered.length === 0) {
      contentEl.createEl("p", { text: "Nothing to suggest beyond what the note already holds." });
      return;
    }
    const controls = this.offered.map((p, i) => {
      const row = contentEl.createDiv({ cls: "jvs-assist-suggestion" });
      const label = row.createEl("label");
      const box = label.createEl("input", { type: "checkbox" });
      box.addEventListener("change", () => (box.checked ? this.accepted.add(i) : this.accepted.delete(i)));
      label.createSpan({ text: ` ${p.label} (${p.property})` });
      row.createDiv({ text: `Now: ${p.before === "" ? "(empty)" : p.before}` });
      const tick = (): void => {
        box.checked = true;
        this.accepted.add(i);
      };
      const control = this.control(row, p, tick);
      if (p.why !== "") row.createDiv({ cls: "setting-item-description", text: `Why: ${p.why}` });
      return control;
    });
    const problem = contentEl.createEl("p", { cls: "jvs-setting-error" });
    problem.hide();
    const buttons = contentEl.createDiv({ cls: "modal-button-container" });
    buttons.createEl("button", { text: "Cancel" }).addEventListener("click", () => this.close());
    const write = buttons.createEl("button", { cls: "mod-cta", text: "Write accepted to the note" });
    write.addEventListener("click", () => {
      const review: SuggestReview = { accepted: [], edited: new Set(), acceptedOffered: [] };
      const empty: string[] = [];
      this.offered.forEach((p, i) => {
        if (!this.accepted.has(i)) return;
        const value = controls[i]?.value() ?? p.after;
        if (value.trim() === "") empty.push(p.label);
        const changed = value.trim() !== p.after.trim();
        if (changed) review.edited.add(p);
        review.acceptedOffered.push(p);
        review.accepted.push(changed ? { ...p, after: value } : p);
      });
      if (empty.length > 0) {
        problem.setText(`${empty.join(", ")}: the value is empty. Enter one, or untick it to leave the note as it is.`);
        problem.show();
        return;
      }
      this.close();
      void this.onAccept(review);
    });
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  /** The control for `p`'s value, prefilled with the suggestion; `changed` runs when the user changes it. */
  private control(row: HTMLElement, p: Proposal, changed: () => void): ValueControl {
    const aria = { "aria-label": `${p.label} to write` };
    const values = this.choices[p.property] ?? [];
    if (values.length > 0) {
      const select = row.createEl("select", { cls: "dropdown", attr: aria });
      // The suggestion first when it is not among the site's values (it is then written as suggested).
      for (const value of values.includes(p.after) ? values : [p.after, ...values]) select.createEl("option", { text: value, value });
      select.value = p.after;
      select.addEventListener("change", changed);
      return { value: () => select.value };
    }
    if (p.after.includes("\n")) {
      const area = row.createEl("textarea", { attr: { ...aria, rows: String(Math.min(8, p.after.split("\n").length + 1)) } });
      area.value = p.after;
      area.addEventListener("input", changed);
      return { value: () => area.value.replace(/\s+$/, "") };
    }
    const input = row.createEl("input", { type: "text", attr: aria });
    input.value = p.after;
    input.addEventListener("input", changed);
    return { value: () => input.value.trim() };
  }
}
