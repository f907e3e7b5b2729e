// Small modals for the sync commands, built with Setting and createEl only: a one-line prompt with inline
// validation (project key, issue key) and a chooser over a list (conflicted notes, resolutions).
import { type App, Modal, Setting, SuggestModal } from "obsidian";

export interface PromptOptions {
  title: string;
  name: string;
  desc: string;
  placeholder: string;
  submit: string;
  /** An error sentence for the typed value, or null when it is fine. */
  validate: (value: string) => string | null;
  onSubmit: (value: string) => unknown;
}

/** Asks for one value; Enter or the button submits a valid value, an invalid one shows why. */
export class PromptModal extends Modal {
  private value = "";

  constructor(
    app: App,
    private readonly options: PromptOptions,
  ) {
    super(app);
  }

  override onOpen(): void {
    const o = this.options;
    this.titleEl.setText(o.title);
    const setting = new Setting(this.contentEl).setName(o.name).setDesc(o.desc);
    const error = this.contentEl.createDiv({ cls: "jvs-setting-error" });
    error.hide();
    const submit = () => {
      const problem = o.validate(this.value);
      error.setText(problem ?? "");
      error.toggle(problem !== null);
      if (problem !== null) return;
      this.close();
      void o.onSubmit(this.value.trim());
    };
    setting.addText((text) => {
      text.setPlaceholder(o.placeholder).onChange((v) => {
        this.value = v;
      });
      text.inputEl.addEventListener("keydown", (e: KeyboardEvent) => {
        if (e.key === "Enter") submit();
      });
    });
    new Setting(this.contentEl).addButton((b) => b.setButtonText(o.submit).setCta().onClick(submit));
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** Picks one of `items`. */
export class ChoiceModal<T> extends SuggestModal<T> {
  constructor(
    app: App,
    placeholder: string,
    private readonly items: readonly T[],
    private readonly label: (item: T) => string,
    private readonly onPick: (item: T) => unknown,
  ) {
    super(app);
    this.setPlaceholder(placeholder);
  }

  getSuggestions(query: string): T[] {
    const q = query.trim().toLowerCase();
    return this.items.filter((item) => this.label(item).toLowerCase().includes(q));
  }

  renderSuggestion(item: T, el: HTMLElement): void {
    el.createDiv({ text: this.label(item) });
  }

  onChooseSuggestion(item: T): void {
    void this.onPick(item);
  }
}
