// JsonFileStore over a directory on disk (created on first save): a save writes `name.tmp` and renames
// it over `name`, which replaces atomically on POSIX and on Windows. Saves of one name are serialised
// inside this process so two saves never share the temp file.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { checkStoreName, type JsonFileStore, pickJson, tmpName, toJsonText } from "../../plugin/src/state/state-store";
import { KeyedQueue } from "../../plugin/src/vault/keyed-queue";

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

export class FsStore implements JsonFileStore {
  private readonly queue = new KeyedQueue();

  constructor(readonly dir: string) {}

  async load(name: string): Promise<unknown> {
    const file = join(this.dir, checkStoreName(name));
    return this.queue.run(name, async () => pickJson(await readOrNull(file), await readOrNull(tmpName(file))));
  }

  async loadTexts(name: string): Promise<{ main: string | null; tmp: string | null }> {
    const file = join(this.dir, checkStoreName(name));
    return this.queue.run(name, async () => ({ main: await readOrNull(file), tmp: await readOrNull(tmpName(file)) }));
  }

  async save(name: string, value: unknown): Promise<void> {
    await this.saveText(name, toJsonText(value));
  }

  async saveText(name: string, text: string): Promise<void> {
    const file = join(this.dir, checkStoreName(name));
    await this.queue.run(name, async () => {
      await mkdir(this.dir, { recursive: true });
      await writeFile(tmpName(file), text, "utf8");
      await rename(tmpName(file), file);
    });
  }
}
