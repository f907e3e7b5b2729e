// A settings text field that checks what is typed: the problems show in a line under the row's description
// and mark the input invalid; only a value without problems is saved. Every text row of the settings tab
// (connection, other sites, sync, time tracking) is built with it.
import { type Setting } from "obsidian";

/** An error line under `setting`'s description, hidden while there are no problems. */
export function errorLine(setting: Setting): (problems: readonly string[]) => void {
  const error = setting.descEl.createDiv({ cls: "jvs-setting-error" });
  error.hide();
  return (problems) => {
    error.setText(problems.join(" "));
    error.toggle(problems.length > 0);
  };
}

export interface ValidatedText {
  value: string;
  placeholder?: string;
  /** Checks `input` and saves it when it is fine; returns the problems to show (none when it was saved). */
  commit: (input: string) => Promise<readonly string[]> | readonly string[];
}

/** Adds a checked text field to `setting`. */
export function addValidatedText(setting: Setting, field: ValidatedText): void {
  const show = errorLine(setting);
  setting.addText((text) => {
    if (field.placeholder !== undefined) text.setPlaceholder(field.placeholder);
    text.setValue(field.value).onChange(async (input) => {
      const problems = await field.commit(input);
      show(problems);
      text.inputEl.toggleClass("jvs-input-invalid", problems.length > 0);
    });
  });
}
