// Asks before a step that cannot be undone (resetting the mappings, removing a site and its token): a modal with
// the consequence in one sentence, "Cancel" and the action's own button. Nothing happens until it is clicked.
import { type App, Modal, Setting } from "obsidian";

export interface ConfirmOptions {
  title: string;
  /** What will happen, in one or two sentences. */
  message: string;
  /** The confirming button's text, in sentence case, such as "Remove site". */
  action: string;
  onConfirm: () => unknown;
}

/** Opens a confirmation; `onConfirm` runs only after the action's button is clicked. */
export type Confirm = (options: ConfirmOptions) => void;

export class ConfirmModal extends Modal {
  constructor(
    app: App,
    private readonly options: ConfirmOptions,
  ) {
    super(app);
  }

  override onOpen(): void {
    const o = this.options;
    this.titleEl.setText(o.title);
    this.contentEl.createEl("p", { text: o.message });
    new Setting(this.contentEl)
      .addButton((b) => b.setButtonText("Cancel").onClick(() => this.close()))
      .addButton((b) => {
        b.setButtonText(o.action).onClick(async () => {
          this.close();
          await o.onConfirm();
        });
        // Styled as a destructive action (what setWarning did; setDestructive needs Obsidian 1.13, above minAppVersion).
        b.buttonEl.addClass("mod-warning");
      });
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** A `Confirm` that opens a `ConfirmModal` in `app`. */
export function confirmIn(app: App): Confirm {
  return (options) => new ConfirmModal(app, options).open();
}
