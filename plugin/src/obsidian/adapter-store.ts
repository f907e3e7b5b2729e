// JsonFileStore over Obsidian's DataAdapter in a folder such as
// `${app.vault.configDir}/plugins/jira-vault-sync` (created on first save). A save writes `name.tmp`,
// removes `name` if present and renames the temp file into place, since the adapter's rename does not
// promise to replace. A crash between the remove and the rename leaves only `name.tmp`, which a load
// then uses. Saves and loads of one name are serialised inside this process.
import { type App, type DataAdapter, normalizePath } from "obsidian";
import { checkStoreName, type JsonFileStore, pickJson, tmpName, toJsonText } from "../state/state-store";
import { KeyedQueue } from "../vault/keyed-queue";

export class AdapterStore implements JsonFileStore {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly adapter: DataAdapter,
    readonly dir: string,
  ) {}

  private path(name: string): string {
    return normalizePath(`${this.dir}/${checkStoreName(name)}`);
  }

  private async readOrNull(path: string): Promise<string | null> {
    try {
      return (await this.adapter.exists(path)) ? await this.adapter.read(path) : null;
    } catch {
      return null;
    }
  }

  async load(name: string): Promise<unknown> {
    const path = this.path(name);
    return this.queue.run(name, async () => pickJson(await this.readOrNull(path), await this.readOrNull(tmpName(path))));
  }

  async loadTexts(name: string): Promise<{ main: string | null; tmp: string | null }> {
    const path = this.path(name);
    return this.queue.run(name, async () => ({ main: await this.readOrNull(path), tmp: await this.readOrNull(tmpName(path)) }));
  }

  async save(name: string, value: unknown): Promise<void> {
    await this.saveText(name, toJsonText(value));
  }

  async saveText(name: string, text: string): Promise<void> {
    const path = this.path(name);
    await this.queue.run(name, async () => {
      const dir = normalizePath(this.dir);
      if (!(await this.adapter.exists(dir))) await this.adapter.mkdir(dir);
      await this.adapter.write(tmpName(path), text);
      if (await this.adapter.exists(path)) await this.adapter.remove(path);
      await this.adapter.rename(tmpName(path), path);
    });
  }
}

/** The store of the plugin's own folder, `<configDir>/plugins/<pluginId>` (sync state, log, issue cache). */
export function pluginFolderStore(app: App, pluginId: string): AdapterStore {
  return new AdapterStore(app.vault.adapter, normalizePath(`${app.vault.configDir}/plugins/${pluginId}`));
}
