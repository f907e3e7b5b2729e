// The settings tab. Declarative definitions (Obsidian 1.13+, searchable) and an imperative display()
// for older apps, both reading and writing through the `SettingsStore` (not `plugin.settings`) and both
// validating the site URL and project list with an inline error.
import { type App, type Plugin, PluginSettingTab, Setting, type SettingDefinitionItem } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { normalizeSiteUrl, type Settings, validateProjectKeys, validateSiteUrl } from "../settings/settings";

const SITE_NAME = "Jira site URL";
const SITE_DESC = "The address of your Jira site. Badges link to issues there. Use https://.";
const SITE_PLACEHOLDER = "https://example.atlassian.net";
const BADGES_NAME = "Inline badges";
const BADGES_DESC = "Show Jira keys in note text as status badges in reading view and live preview.";
const PROJECTS_NAME = "Project keys";
const PROJECTS_DESC = "Comma-separated project keys to recognise, such as OPS, WEB. Leave empty for any project.";

type Key = keyof Settings;

export class JiraSettingTab extends PluginSettingTab {
  constructor(app: App, plugin: Plugin, private readonly store: SettingsStore) {
    super(app, plugin);
  }

  override getSettingDefinitions(): SettingDefinitionItem[] {
    return [
      {
        name: SITE_NAME,
        desc: SITE_DESC,
        control: { type: "text", key: "siteUrl", placeholder: SITE_PLACEHOLDER, validate: (v: string) => validateSiteUrl(v) ?? undefined },
      },
      {
        type: "group",
        heading: "Badges",
        items: [
          { name: BADGES_NAME, desc: BADGES_DESC, control: { type: "toggle", key: "inlineBadges" } },
          {
            name: PROJECTS_NAME,
            desc: PROJECTS_DESC,
            control: { type: "text", key: "projectKeys", placeholder: "OPS, WEB", validate: (v: string) => validateProjectKeys(v) ?? undefined },
          },
        ],
      },
    ];
  }

  override getControlValue(key: string): unknown {
    const settings = this.store.get();
    return key in settings ? settings[key as Key] : undefined;
  }

  override async setControlValue(key: string, value: unknown): Promise<void> {
    if (key === "siteUrl" && typeof value === "string") await this.store.update({ siteUrl: normalizeSiteUrl(value) });
    else if (key === "projectKeys" && typeof value === "string") await this.store.update({ projectKeys: value.trim() });
    else if (key === "inlineBadges" && typeof value === "boolean") await this.store.update({ inlineBadges: value });
  }

  /** Fallback for Obsidian before 1.13, which does not read the definitions above. */
  override display(): void {
    const { containerEl } = this;
    containerEl.empty();
    const settings = this.store.get();

    this.textSetting(containerEl, SITE_NAME, SITE_DESC, SITE_PLACEHOLDER, settings.siteUrl, validateSiteUrl, (v) =>
      this.store.update({ siteUrl: normalizeSiteUrl(v) }),
    );

    new Setting(containerEl).setName("Badges").setHeading();
    new Setting(containerEl)
      .setName(BADGES_NAME)
      .setDesc(BADGES_DESC)
      .addToggle((toggle) =>
        toggle.setValue(settings.inlineBadges).onChange(async (value) => {
          await this.store.update({ inlineBadges: value });
        }),
      );
    this.textSetting(containerEl, PROJECTS_NAME, PROJECTS_DESC, "OPS, WEB", settings.projectKeys, validateProjectKeys, (v) =>
      this.store.update({ projectKeys: v.trim() }),
    );
  }

  private textSetting(
    containerEl: HTMLElement,
    name: string,
    desc: string,
    placeholder: string,
    value: string,
    validate: (value: string) => string | null,
    save: (value: string) => Promise<void>,
  ): void {
    const setting = new Setting(containerEl).setName(name).setDesc(desc);
    const error = setting.descEl.createDiv({ cls: "jvs-setting-error" });
    error.hide();
    setting.addText((text) =>
      text
        .setPlaceholder(placeholder)
        .setValue(value)
        .onChange(async (input) => {
          const problem = validate(input);
          error.setText(problem ?? "");
          error.toggle(problem !== null);
          text.inputEl.toggleClass("jvs-input-invalid", problem !== null);
          if (problem === null) await save(input);
        }),
    );
  }
}
