// The port for the sync's own files (state and journal JSON), kept in the plugin's folder: never in
// notes, never in data.json. Saving is atomic: write `name.tmp`, then replace `name` with it. Loading
// prefers `name`; when it is missing or unparsable (a crash mid-save) a complete `name.tmp` is used;
// when nothing parses the result is null, with no throw and no log. Names are plain file names.

export interface JsonFileStore {
  /** The saved value, or null when nothing loadable exists (declared `unknown`, which already holds null). */
  load(name: string): Promise<unknown>;
  save(name: string, value: unknown): Promise<void>;
  /**
   * The raw texts of `name` and `name.tmp`, unparsed (for a reader that parses elsewhere, e.g. in a worker, and
   * picks as `pickJson` does). Optional: a store without it is read with `load`.
   */
  loadTexts?(name: string): Promise<{ main: string | null; tmp: string | null }>;
  /** Saves a value's JSON text (as `toJsonText` writes it), atomically as `save` does. Optional, as `loadTexts`. */
  saveText?(name: string, text: string): Promise<void>;
}

/** The temp file a save writes first. */
export function tmpName(name: string): string {
  return `${name}.tmp`;
}

/** Throws unless `name` is a plain file name (no folders, not '.' or '..'). Returns it unchanged. */
export function checkStoreName(name: string): string {
  if (name === "" || name === "." || name === ".." || /[/\\]/.test(name)) {
    throw new Error(`State file name must be a plain file name: ${JSON.stringify(name)}`);
  }
  return name;
}

/** A stored text as the UTF-8 bytes the core reads (`SyncEngine.fromStored`); undefined for a missing file. */
export function storedBytes(text: string | null): Uint8Array | undefined {
  return text === null ? undefined : new TextEncoder().encode(text);
}

/** The text a save writes; throws when `value` has no JSON form (undefined, a function). */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new Error("State value has no JSON form");
  return `${text}\n`;
}

function parseOrUndefined(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The loaded value from the texts of `name` and `name.tmp` (null: missing). */
export function pickJson(main: string | null, tmp: string | null): unknown {
  return pickJsonText(main, tmp).value;
}

/** What `pickJson` picks, with the text it was parsed from (undefined when neither text parses). */
export function pickJsonText(main: string | null, tmp: string | null): { value: unknown; text: string | undefined } {
  const value = parseOrUndefined(main);
  if (value !== undefined) return { value, text: main ?? undefined };
  const fallback = parseOrUndefined(tmp);
  return fallback === undefined ? { value: null, text: undefined } : { value: fallback, text: tmp ?? undefined };
}

/**
 * A stored value and its file's text, unparsed, as `load` would pick it: for a reader that hands the text on
 * (e.g. to the core) instead of stringifying the value again. A store without `loadTexts` gives no text.
 */
export async function loadWithText(store: JsonFileStore, name: string): Promise<{ value: unknown; text: string | undefined }> {
  if (store.loadTexts === undefined) return { value: await store.load(name), text: undefined };
  const { main, tmp } = await store.loadTexts(name);
  return pickJsonText(main, tmp);
}
