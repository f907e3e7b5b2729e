// The "Up", "Down" and "Remove" buttons of a row in the mapping forms (fields and note states).
import { type Setting } from "obsidian";
import { moveRow, removeRow } from "../settings/mapping-form";

/** "Up", "Down" and "Remove" buttons for row `index` of `count`; `edit` applies the chosen list edit. */
export function moveButtons(setting: Setting, index: number, count: number, edit: (change: <T>(rows: readonly T[]) => T[]) => Promise<void>): void {
  setting.addButton((b) => b.setButtonText("Up").setDisabled(index === 0).onClick(() => edit((rows) => moveRow(rows, index, -1))));
  setting.addButton((b) => b.setButtonText("Down").setDisabled(index === count - 1).onClick(() => edit((rows) => moveRow(rows, index, 1))));
  setting.addButton((b) => b.setButtonText("Remove").onClick(() => edit((rows) => removeRow(rows, index))));
}
