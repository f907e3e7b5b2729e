// The settings row of the vault health report (docs/health.md): where "Check vault health" writes its note.
import type { Setting } from "obsidian";
import type { SettingsStore } from "../data/plugin-data";
import { DEFAULT_SETTINGS, readHealthReportPath } from "../settings/settings";

export const HEALTH_REPORT_NAME = "Health report note";
export const HEALTH_REPORT_DESC = "Where \"Check vault health\" writes its findings; the note is rewritten on every check.";

/** The row's control: a text field saving the path as `readHealthReportPath` reads it. */
export function healthReportRow(setting: Setting, store: SettingsStore): void {
  setting.addText((text) =>
    text
      .setPlaceholder(DEFAULT_SETTINGS.healthReportPath)
      .setValue(store.get().healthReportPath)
      .onChange(async (value) => {
        await store.update({ healthReportPath: readHealthReportPath(value) });
      }),
  );
}
