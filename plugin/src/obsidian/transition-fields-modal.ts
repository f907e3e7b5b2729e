// Asks for the fields a transition screen requires when no project default covers them (issue #15, transition
// rules): one row per field (a dropdown of Jira's allowed values — resolutions, select options — or a text box),
// a "remember" switch that keeps the answers as the project's transition defaults, and a button that retries the
// note's status change with them. Built with Setting rows and createEl only: field names and values are Jira's
// text, never parsed as HTML.
import { type App, Modal, Setting } from "obsidian";
import { answerProblems, type ScreenAnswers, type ScreenQuestion } from "../transition-fields/screen-questions";

/** What the user decided: the answers, and whether to keep them as the project's defaults. */
export interface ScreenReply {
  answers: ScreenAnswers;
  remember: boolean;
}

export class TransitionFieldsModal extends Modal {
  private readonly answers: ScreenAnswers = {};
  private remember = false;
  private done = false;

  constructor(
    app: App,
    private readonly question: ScreenQuestion,
    /** Called once: with the reply after "Retry the move", or null when the modal closes without it. */
    private readonly onReply: (reply: ScreenReply | null) => void,
  ) {
    super(app);
  }

  override onOpen(): void {
    const q = this.question;
    this.titleEl.setText(`Fields for the move to ${q.to}`);
    this.contentEl.createEl("p", { text: `${q.key} moves to ${q.to}, and that transition asks for the fields below (note: ${q.path}).` });
    for (const field of q.fields) {
      const row = new Setting(this.contentEl).setName(field.name).setDesc(field.required ? "Required." : "Optional.");
      if (field.allowed.length > 0) {
        const first = field.allowed[0]?.label ?? "";
        this.answers[field.id] = first;
        row.addDropdown((dropdown) => {
          dropdown.addOptions(Object.fromEntries(field.allowed.map((value) => [value.label, value.label])));
          dropdown.setValue(first).onChange((value) => (this.answers[field.id] = value));
        });
      } else {
        row.addText((text) => text.setValue("").onChange((value) => (this.answers[field.id] = value)));
      }
    }
    new Setting(this.contentEl)
      .setName(`Remember for project ${q.project}`)
      .setDesc("Keep these values as the project's transition defaults, so later moves use them without asking.")
      .addToggle((toggle) => toggle.setValue(false).onChange((value) => (this.remember = value)));
    const problems = this.contentEl.createEl("p", { cls: "jvs-setting-error" });
    new Setting(this.contentEl)
      .addButton((b) => b.setButtonText("Cancel").onClick(() => this.close()))
      .addButton((b) =>
        b
          .setButtonText("Retry the move")
          .setCta()
          .onClick(() => {
            const found = answerProblems(q, this.answers);
            problems.setText(found.join(" "));
            if (found.length > 0) return;
            this.reply({ answers: { ...this.answers }, remember: this.remember });
            this.close();
          }),
      );
  }

  override onClose(): void {
    this.contentEl.empty();
    this.reply(null);
  }

  private reply(reply: ScreenReply | null): void {
    if (this.done) return;
    this.done = true;
    this.onReply(reply);
  }
}

/** Asks `question` in a modal; resolves to the reply, or null when the user closed it. */
export function askScreenFields(app: App, question: ScreenQuestion): Promise<ScreenReply | null> {
  return new Promise((resolve) => new TransitionFieldsModal(app, question, resolve).open());
}
