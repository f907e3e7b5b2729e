// JsonFileStore over a Map of raw file texts, for tests: saves go through the same tmp-then-replace
// steps as on disk, and `setRaw`/`raw` let a test plant a half-finished save or a garbage file.
import { checkStoreName, type JsonFileStore, pickJson, tmpName, toJsonText } from "./state-store";

export class MemoryStore implements JsonFileStore {
  private readonly texts = new Map<string, string>();

  /** Test helper: the raw text of a file (tmp files included); null when missing. */
  raw(file: string): string | null {
    return this.texts.get(file) ?? null;
  }

  /** Test helper: writes (or with null, deletes) a raw file. */
  setRaw(file: string, text: string | null): void {
    if (text === null) this.texts.delete(file);
    else this.texts.set(file, text);
  }

  load(name: string): Promise<unknown> {
    return Promise.resolve().then(() => pickJson(this.raw(checkStoreName(name)), this.raw(tmpName(name))));
  }

  loadTexts(name: string): Promise<{ main: string | null; tmp: string | null }> {
    return Promise.resolve().then(() => ({ main: this.raw(checkStoreName(name)), tmp: this.raw(tmpName(name)) }));
  }

  save(name: string, value: unknown): Promise<void> {
    return Promise.resolve().then(() => toJsonText(value)).then((text) => this.saveText(name, text));
  }

  saveText(name: string, text: string): Promise<void> {
    return Promise.resolve().then(() => {
      this.texts.set(tmpName(checkStoreName(name)), text);
      this.texts.set(name, text);
      this.texts.delete(tmpName(name));
    });
  }
}
