// The settings tab, in the order a new user sets things up: site and deployment, credentials, "Test
// connection" (which lists the projects the user can browse), the sync scope (those projects to tick, project
// keys, JQL, and one line each on what sync does with them: folder per project, file names), then badges,
// other Jira sites (site-rows.ts) and the rest of the sync settings. Declarative definitions (Obsidian 1.13+,
// searchable) and an imperative display() for older apps, both reading and writing through the
// `SettingsStore` (not `plugin.settings`) and both validating the site URL, email and project list with an
// inline error. The token and "Test connection" rows live in connection-rows.ts; the token goes to the secret
// store only. A site address or project that clashes with another site's is shown as an error and not saved.
import { type App, type Plugin, PluginSettingTab, Setting, type SettingDefinitionItem } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { HEALTH_REPORT_DESC, HEALTH_REPORT_NAME, healthReportRow } from "./health-settings-rows";
import { AUTOMATION_HEADING, automationRows } from "./automation-settings-rows";
import { type ConnectionEnv } from "../jira/connection";
import { type BrowsableProject } from "../jira/projects";
import { normalizeSiteUrl, readReportsFolder, scopeProblem, type Settings, validateEmail, validateProjectKeys, validateSites, validateSiteUrl } from "../settings/settings";
import { type ConfigCore, scopeRows, type SyncRow, syncSections } from "./sync-settings-rows";
import { OTHER_SITES_HEADING, otherSiteRows } from "./site-rows";
import { renderTestRow, renderTokenRow, TEST_DESC, TEST_NAME, type TestResults, TOKEN_DESC, TOKEN_NAME_CLOUD } from "./connection-rows";
import { confirmIn } from "./confirm-modal";
import { PICKER_DESC, PICKER_NAME, renderProjectPicker } from "./project-picker";
import { addValidatedText } from "./validated-text";
import { parseTeams } from "../report/teams";

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
const REPORTS_NAME = "Reports folder";
const REPORTS_DESC = "Where \"Generate report…\" writes report notes; their charts go to its assets folder.";
const TEAMS_NAME = "Teams";
const TEAMS_DESC = "For time per team, utilisation and the team report: one team per line, \"Name: member, member\", each member a Jira display name or account id.";
const PROJECTS_NAME = "Project keys";
const PROJECTS_DESC = "The projects to sync, comma-separated, such as OPS, WEB; their issue keys also become badges. Sync needs these or a JQL filter.";
const SCOPE_HEADING = "Sync scope";
const SCOPE_MISSING = "Nothing is synced until you pick a project or enter a JQL filter.";

type Key = keyof Settings;

/** Validators of the primary site's address and projects, which also check them against the other sites. */
function siteUrlProblem(store: SettingsStore, input: string): string | null {
  return validateSiteUrl(input) ?? validateSites({ ...store.get(), siteUrl: normalizeSiteUrl(input) });
}
function projectsProblem(store: SettingsStore, input: string): string | null {
  return validateProjectKeys(input) ?? validateSites({ ...store.get(), projectKeys: input.trim() });
}

export class JiraSettingTab extends PluginSettingTab {
  /** Each site's last "Test connection" line, shown again after a redraw. */
  private readonly tests: TestResults = new Map();

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
    // Only Obsidian 1.13+ reads these, and it has update(); the optional call keeps older typings safe.
    const redraw = () => (this as { update?: () => void }).update?.();
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
      { name: TEST_NAME, desc: TEST_DESC, render: (setting) => this.testRow(setting, redraw) },
      {
        type: "group",
        heading: SCOPE_HEADING,
        items: [
          { name: PICKER_NAME, desc: PICKER_DESC, render: (setting) => this.pickerRow(setting, redraw) },
          {
            name: PROJECTS_NAME,
            desc: PROJECTS_DESC,
            control: { type: "text", key: "projectKeys", placeholder: "OPS, WEB", validate: (v: string) => projectsProblem(this.store, v) ?? undefined },
          },
          ...scopeRows(this.core, this.store).map((row) => ({ name: row.name, desc: row.desc, render: row.render })),
        ],
      },
      { type: "group", heading: "Badges", items: [{ name: BADGES_NAME, desc: BADGES_DESC, control: { type: "toggle", key: "inlineBadges" } }] },
      {
        type: "group",
        heading: "Reports",
        items: [
          { name: REPORTS_NAME, desc: REPORTS_DESC, control: { type: "text", key: "reportsFolder", placeholder: "Reports" } },
          { name: TEAMS_NAME, desc: TEAMS_DESC, render: (setting) => this.teamsRow(setting) },
          { name: HEALTH_REPORT_NAME, desc: HEALTH_REPORT_DESC, render: (setting) => healthReportRow(setting, this.store) },
        ],
      },
      { type: "group", heading: AUTOMATION_HEADING, items: automationRows(this.store).map((row) => ({ name: row.name, desc: row.desc, render: row.render })) },
      {
        type: "group",
        heading: OTHER_SITES_HEADING,
        items: this.siteRows(redraw).map((row) => ({ name: row.name, desc: row.desc, render: row.render })),
      },
      ...syncSections(this.core, this.store, redraw, confirmIn(this.app), this.connection).map(
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
    else if (key === "reportsFolder" && typeof value === "string") await this.store.update({ reportsFolder: readReportsFolder(value) });
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
    const redraw = () => this.render();
    this.testRow(new Setting(containerEl), redraw);

    new Setting(containerEl).setName(SCOPE_HEADING).setHeading();
    this.pickerRow(new Setting(containerEl), redraw);
    this.textSetting(containerEl, PROJECTS_NAME, PROJECTS_DESC, "OPS, WEB", settings.projectKeys, (v) => projectsProblem(this.store, v), (v) =>
      this.store.update({ projectKeys: v.trim() }),
    );
    for (const row of scopeRows(this.core, this.store)) row.render(new Setting(containerEl));

    new Setting(containerEl).setName("Badges").setHeading();
    new Setting(containerEl)
      .setName(BADGES_NAME)
      .setDesc(BADGES_DESC)
      .addToggle((toggle) =>
        toggle.setValue(settings.inlineBadges).onChange(async (value) => {
          await this.store.update({ inlineBadges: value });
        }),
      );
    new Setting(containerEl).setName("Reports").setHeading();
    new Setting(containerEl)
      .setName(REPORTS_NAME)
      .setDesc(REPORTS_DESC)
      .addText((text) =>
        text
          .setPlaceholder("Reports")
          .setValue(settings.reportsFolder)
          .onChange(async (value) => {
            await this.store.update({ reportsFolder: readReportsFolder(value) });
          }),
      );
    this.teamsRow(new Setting(containerEl).setName(TEAMS_NAME).setDesc(TEAMS_DESC));
    healthReportRow(new Setting(containerEl).setName(HEALTH_REPORT_NAME).setDesc(HEALTH_REPORT_DESC), this.store);
    new Setting(containerEl).setName(AUTOMATION_HEADING).setHeading();
    for (const row of automationRows(this.store)) row.render(new Setting(containerEl).setName(row.name).setDesc(row.desc));
    new Setting(containerEl).setName(OTHER_SITES_HEADING).setHeading();
    for (const row of this.siteRows(redraw)) row.render(new Setting(containerEl).setName(row.name).setDesc(row.desc));
    for (const section of syncSections(this.core, this.store, redraw, confirmIn(this.app), this.connection)) {
      new Setting(containerEl).setName(section.heading).setHeading();
      for (const row of section.rows) row.render(new Setting(containerEl));
    }
  }

  /** The *Teams* text area: saved as typed; lines that cannot be read are shown under it. */
  private teamsRow(setting: Setting): void {
    const problems = setting.descEl.createDiv({ cls: "jvs-setting-error" });
    const show = (text: string) => {
      problems.empty();
      for (const p of parseTeams(text).problems) problems.createDiv({ text: p });
    };
    setting.addTextArea((area) => {
      area.inputEl.rows = 4;
      area.setPlaceholder("Platform: 5b10ac8d82e05b22cc7d4ef5, 557058:f58131cb");
      area.setValue(this.store.get().reportTeams);
      show(area.getValue());
      area.onChange(async (value) => {
        show(value);
        await this.store.update({ reportTeams: value });
      });
    });
  }

  /** "Test connection" for the primary site; on success its browsable projects are remembered and offered. */
  private testRow(setting: Setting, redraw: () => void): void {
    renderTestRow(setting, this.store, this.connection, this.tests, async (projects) => {
      await this.rememberProjects(this.store.get().siteId, projects);
      redraw();
    });
  }

  /** The primary site's project checklist, with a line saying that nothing syncs while the scope is empty. */
  private pickerRow(setting: Setting, redraw: () => void): void {
    const settings = this.store.get();
    renderProjectPicker(setting, {
      known: settings.siteProjects[settings.siteId] ?? [],
      keys: () => this.store.get().projectKeys,
      save: async (keys) => {
        const problem = projectsProblem(this.store, keys);
        if (problem === null) await this.store.update({ projectKeys: keys });
        return problem;
      },
      redraw,
    });
    if (scopeProblem(settings) !== null) setting.descEl.createDiv({ cls: "jvs-setting-error", text: SCOPE_MISSING });
  }

  private siteRows(redraw: () => void): SyncRow[] {
    return otherSiteRows(this.store, this.connection, redraw, {
      tests: this.tests,
      remember: (siteId, projects) => this.rememberProjects(siteId, projects),
      confirm: confirmIn(this.app),
    });
  }

  /** Keeps a site's browsable projects in the plugin data (by site id), for the picker and as the site's known keys. */
  private async rememberProjects(siteId: string, projects: BrowsableProject[]): Promise<void> {
    if (siteId === "") return;
    await this.store.update({ siteProjects: { ...this.store.get().siteProjects, [siteId]: projects.map(({ key, name }) => ({ key, name })) } });
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
