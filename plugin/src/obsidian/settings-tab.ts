// The settings tab. Declarative definitions (Obsidian 1.13+, searchable) and an imperative display()
// for older apps, both reading and writing through the `SettingsStore` (not `plugin.settings`) and both
// validating the site URL, email and project list with an inline error. The token and "Test
// connection" rows live in connection-rows.ts; the token goes to the secret store only. Further Jira
// sites (site-rows.ts) follow the badges group; a site address or project that clashes with another site's
// is shown as an error and not saved.
import { type App, type Plugin, PluginSettingTab, Setting, type SettingDefinitionItem } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv } from "../jira/connection";
import { normalizeSiteUrl, type Settings, validateEmail, validateProjectKeys, validateSites, validateSiteUrl } from "../settings/settings";
import { type ConfigCore, syncSections } from "./sync-settings-rows";
import { OTHER_SITES_HEADING, otherSiteRows } from "./site-rows";
import { renderTestRow, renderTokenRow, TEST_DESC, TEST_NAME, TOKEN_DESC, TOKEN_NAME_CLOUD } from "./connection-rows";
import { addValidatedText } from "./validated-text";

const SITE_NAME = "Jira site URL";
const SITE_DESC = "The address of your Jira site. Badges link to issues there. Use https://.";
const SITE_PLACEHOLDER = "https://example.atlassian.net";
const DEPLOYMENT_NAME = "Deployment";
const DEPLOYMENT_DESC = "Jira Cloud (an atlassian.net site) or Jira Data Center / Server on your own servers.";
const DEPLOYMENTS: Record<Settings["deployment"], string> = { cloud: "Cloud", datacenter: "Data Center or Server" };
const EMAIL_NAME = "Email";
const EMAIL_DESC = "The email address of your Atlassian account (Cloud only).";
const EMAIL_PLACEHOLDER = "name@example.com";
const BADGES_NAME = "Inline badges";
const BADGES_DESC = "Show Jira keys in note text as status badges in reading view and live preview.";
const PROJECTS_NAME = "Project keys";
const PROJECTS_DESC =
  "Comma-separated keys of the projects to sync and show as badges, such as OPS, WEB. Sync needs these or a JQL filter.";

type Key = keyof Settings;

/** Validators of the primary site's address and projects, which also check them against the other sites. */
function siteUrlProblem(store: SettingsStore, input: string): string | null {
  return validateSiteUrl(input) ?? validateSites({ ...store.get(), siteUrl: normalizeSiteUrl(input) });
}
function projectsProblem(store: SettingsStore, input: string): string | null {
  return validateProjectKeys(input) ?? validateSites({ ...store.get(), projectKeys: input.trim() });
}

export class JiraSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    plugin: Plugin,
    private readonly store: SettingsStore,
    private readonly connection: ConnectionEnv,
    private readonly core: ConfigCore,
  ) {
    super(app, plugin);
  }

  override getSettingDefinitions(): SettingDefinitionItem[] {
    return [
      {
        name: SITE_NAME,
        desc: SITE_DESC,
        control: { type: "text", key: "siteUrl", placeholder: SITE_PLACEHOLDER, validate: (v: string) => siteUrlProblem(this.store, v) ?? undefined },
      },
      { name: DEPLOYMENT_NAME, desc: DEPLOYMENT_DESC, control: { type: "dropdown", key: "deployment", options: DEPLOYMENTS } },
      {
        name: EMAIL_NAME,
        desc: EMAIL_DESC,
        visible: () => this.store.get().deployment === "cloud",
        control: { type: "text", key: "email", placeholder: EMAIL_PLACEHOLDER, validate: (v: string) => validateEmail(v) ?? undefined },
      },
      { name: TOKEN_NAME_CLOUD, desc: TOKEN_DESC, aliases: ["personal access token", "password"], render: (setting) => renderTokenRow(setting, this.store, this.connection) },
      { name: TEST_NAME, desc: TEST_DESC, render: (setting) => renderTestRow(setting, this.store, this.connection) },
      {
        type: "group",
        heading: "Badges",
        items: [
          { name: BADGES_NAME, desc: BADGES_DESC, control: { type: "toggle", key: "inlineBadges" } },
          {
            name: PROJECTS_NAME,
            desc: PROJECTS_DESC,
            control: { type: "text", key: "projectKeys", placeholder: "OPS, WEB", validate: (v: string) => projectsProblem(this.store, v) ?? undefined },
          },
        ],
      },
      {
        type: "group",
        heading: OTHER_SITES_HEADING,
        items: otherSiteRows(this.store, this.connection, () => (this as { update?: () => void }).update?.()).map((row) => ({ name: row.name, desc: row.desc, render: row.render })),
      },
      ...syncSections(this.core, this.store, () => (this as { update?: () => void }).update?.(), this.connection).map(
        (section): SettingDefinitionItem => ({ type: "group", heading: section.heading, items: section.rows.map((row) => ({ name: row.name, desc: row.desc, render: row.render })) }),
      ),
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
    else if (key === "email" && typeof value === "string") await this.store.update({ email: value.trim() });
    else if (key === "deployment" && (value === "cloud" || value === "datacenter")) {
      await this.store.update({ deployment: value });
      // The email row's visibility and the token row's name depend on it. Only Obsidian 1.13+ calls
      // setControlValue, and it has update(); the optional call keeps older typings and apps safe.
      (this as { update?: () => void }).update?.();
    }
  }

  /** Fallback for Obsidian before 1.13, which does not read the definitions above. */
  override display(): void {
    this.render();
  }

  private render(): void {
    const { containerEl } = this;
    containerEl.empty();
    const settings = this.store.get();

    this.textSetting(containerEl, SITE_NAME, SITE_DESC, SITE_PLACEHOLDER, settings.siteUrl, (v) => siteUrlProblem(this.store, v), (v) =>
      this.store.update({ siteUrl: normalizeSiteUrl(v) }),
    );
    new Setting(containerEl)
      .setName(DEPLOYMENT_NAME)
      .setDesc(DEPLOYMENT_DESC)
      .addDropdown((dropdown) =>
        dropdown
          .addOptions(DEPLOYMENTS)
          .setValue(settings.deployment)
          .onChange(async (value) => {
            if (value !== "cloud" && value !== "datacenter") return;
            await this.store.update({ deployment: value });
            this.render();
          }),
      );
    if (settings.deployment === "cloud") {
      this.textSetting(containerEl, EMAIL_NAME, EMAIL_DESC, EMAIL_PLACEHOLDER, settings.email, validateEmail, (v) => this.store.update({ email: v.trim() }));
    }
    renderTokenRow(new Setting(containerEl), this.store, this.connection);
    renderTestRow(new Setting(containerEl), this.store, this.connection);

    new Setting(containerEl).setName("Badges").setHeading();
    new Setting(containerEl)
      .setName(BADGES_NAME)
      .setDesc(BADGES_DESC)
      .addToggle((toggle) =>
        toggle.setValue(settings.inlineBadges).onChange(async (value) => {
          await this.store.update({ inlineBadges: value });
        }),
      );
    this.textSetting(containerEl, PROJECTS_NAME, PROJECTS_DESC, "OPS, WEB", settings.projectKeys, (v) => projectsProblem(this.store, v), (v) =>
      this.store.update({ projectKeys: v.trim() }),
    );
    new Setting(containerEl).setName(OTHER_SITES_HEADING).setHeading();
    for (const row of otherSiteRows(this.store, this.connection, () => this.render())) row.render(new Setting(containerEl).setName(row.name).setDesc(row.desc));
    for (const section of syncSections(this.core, this.store, () => this.render(), this.connection)) {
      new Setting(containerEl).setName(section.heading).setHeading();
      for (const row of section.rows) row.render(new Setting(containerEl));
    }
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
    addValidatedText(new Setting(containerEl).setName(name).setDesc(desc), {
      placeholder,
      value,
      commit: async (input) => {
        const problem = validate(input);
        if (problem !== null) return [problem];
        await save(input);
        return [];
      },
    });
  }
}
